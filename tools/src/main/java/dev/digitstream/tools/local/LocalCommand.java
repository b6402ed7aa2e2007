package dev.digitstream.tools.local;

import static dev.digitstream.tools.cli.Narration.say;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.schemas.Topics;
import dev.digitstream.tools.cli.LocalRunOptions;
import dev.digitstream.tools.cli.RunInputs;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.process.ChildProcesses;
import dev.digitstream.tools.process.ConsoleProcess;
import dev.digitstream.tools.process.LocalBroker;
import dev.digitstream.tools.process.ShutdownHooks;
import dev.digitstream.tools.process.StreamerProcess;
import dev.digitstream.tools.process.Trainings;
import dev.digitstream.tools.process.WorkDir;
import dev.digitstream.tools.produce.ImageSender;
import dev.digitstream.tools.produce.Pacer;
import dev.digitstream.tools.watch.PredictionFeed;
import dev.digitstream.tools.watch.SummaryView;
import dev.digitstream.tools.watch.Watch;
import dev.digitstream.tools.watch.WatchStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code digits local}: the whole system on one machine without Docker. A Kafka broker, a training
 * run when no model is published yet, the streamer, then the MNIST test images streamed through it
 * with the live summary and the web console; {@code --retrain} publishes a second version mid-stream, which the streamer
 * shadows, compares and promotes, and {@code --bad-retrain} a deliberately bad one, which it rejects.
 * Every process it starts is stopped when it ends, on Ctrl-C too.
 */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the whole system on this machine, without Docker.",
            "",
            "Starts Apache Kafka's broker (KRaft, on 127.0.0.1 only), creates the topics, trains a model when none "
                    + "is published yet (a short training; --full-training for the full recipe), starts the "
                    + "streamer and the web console (its URL is printed), then streams the MNIST test images "
                    + "through it with the live summary. Ctrl-C "
                    + "stops everything it started.",
            ""
        })
public final class LocalCommand implements Callable<Integer> {

    /** No answer for this long means the streamer is stuck: stop rather than wait for --timeout. */
    private static final Duration STALL = Duration.ofSeconds(120);

    private static final int MNIST_TRAINING_IMAGES = 60_000;
    private static final int BAD_TRAINING_IMAGES = 300;
    /** The training scale that stands for the deliberately bad second version. */
    private static final int BAD = 0;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--images",
            defaultValue = "10000",
            paramLabel = "N",
            description = "MNIST test images to stream (default: ${DEFAULT-VALUE}).")
    private int images;

    @Option(
            names = "--rate",
            defaultValue = "500",
            paramLabel = "PER_SECOND",
            description = "Images per second; 0 sends flat out (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(
            names = "--retrain",
            description = "Train a second version too (twice the images) and publish it mid-stream as a candidate "
                    + "(publishing starts with the first image and takes seconds): the streamer shadows it, the "
                    + "judge promotes it after 2,000 labeled images, and the summary shows both versions, with "
                    + "no gap between them, and the rollout line the comparison and the decision.")
    private boolean retrain;

    @Option(
            names = "--bad-retrain",
            description = "Like --retrain, but the second version is deliberately bad (1 epoch on "
                    + BAD_TRAINING_IMAGES + " images, no quality gate): the streamer shadows it, the judge rejects it, "
                    + "and it never answers.")
    private boolean badRetrain;

    @Option(
            names = "--full-training",
            description =
                    "Train with the full recipe (the trainer's defaults: all 60,000 images, 8 epochs; about 5 min on 2 cores).")
    private boolean fullTraining;

    @Option(
            names = "--train-images",
            defaultValue = "12000",
            paramLabel = "N",
            description = "Training images of the short training (default: ${DEFAULT-VALUE}).")
    private int trainImages;

    @Option(
            names = "--epochs",
            defaultValue = "1",
            paramLabel = "N",
            description = "Epochs of the short training (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(
            names = "--min-accuracy",
            defaultValue = "0.8",
            paramLabel = "FRACTION",
            description = "Quality gate of the short training (default: ${DEFAULT-VALUE}).")
    private double minAccuracy;

    @Option(
            names = "--test-images",
            defaultValue = "10000",
            paramLabel = "N",
            description = "MNIST test images the trainer evaluates on (default: ${DEFAULT-VALUE}).")
    private int testImages;

    @Option(
            names = "--port",
            defaultValue = "9092",
            paramLabel = "PORT",
            description = "Broker port on 127.0.0.1; 0 for any free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--console-port",
            defaultValue = "8090",
            paramLabel = "PORT",
            description = "Port of the web console on 127.0.0.1; 0 for any free one (default: ${DEFAULT-VALUE}).")
    private int consolePort;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description =
                    "Keep the broker's data, models and logs here, to reuse next time (default: a temporary directory, deleted at the end).")
    private Path workDir;

    @Mixin
    private LocalRunOptions runOptions;

    @Option(
            names = "--timeout",
            defaultValue = "600",
            paramLabel = "SECONDS",
            description =
                    "Give up when the images are not all answered within this time after sending starts (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    @Override
    public Integer call() throws IOException {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final RunInputs inputs = runOptions.resolve();
        final Path consoleJar = runOptions.consoleJar();
        final WorkDir work = WorkDir.of(workDir, "digits-local-");
        final AtomicBoolean stopping = new AtomicBoolean();
        final CountDownLatch finished = new CountDownLatch(1);
        final ChildProcesses children = new ChildProcesses(work.path().resolve("logs"));
        final AtomicReference<PredictionFeed> feedRef = new AtomicReference<>();
        final Thread onCtrlC = new Thread(
                () -> {
                    stopping.set(true);
                    Optional.ofNullable(feedRef.get()).ifPresent(PredictionFeed::wakeup);
                    children.stopAll();
                    ShutdownHooks.awaitQuietly(finished, Duration.ofSeconds(30));
                },
                "digits-local-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return run(out, children, work.path(), inputs, consoleJar, stopping, feedRef);
        } finally {
            children.stopAll();
            work.deleteIfTemporary();
            finished.countDown();
            ShutdownHooks.removeQuietly(onCtrlC);
        }
    }

    private int run(
            final PrintWriter out,
            final ChildProcesses children,
            final Path work,
            final RunInputs inputs,
            final Path consoleJar,
            final AtomicBoolean stopping,
            final AtomicReference<PredictionFeed> feedRef) {
        final MnistDataset test = inputs.testImages();
        final LocalBroker broker = new LocalBroker(work, port);
        final String bootstrap = broker.bootstrapServers();
        final KafkaClientSettings kafka = KafkaClientSettings.plaintext(bootstrap);
        say(out, "Starting Kafka (KRaft) on %s, data in %s", bootstrap, work.resolve("kafka"));
        broker.start(children, Duration.ofSeconds(90));
        broker.createTopics();
        // The console starts while the model trains: it shows the rollout from the first version on.
        final ConsoleProcess console = ConsoleProcess.start(children, consoleJar, bootstrap, consolePort);

        final Trainings trainings =
                new Trainings(children, inputs.trainerJar(), kafka, work, inputs.mnistDir(), this::trainingArguments);
        if (broker.hasModel()) {
            say(out, "A model is already published on this broker: serving it");
        } else {
            say(
                    out,
                    "Training the first model (%s); log: %s",
                    trainingDescription(),
                    work.resolve("logs/trainer-v1.log"));
            say(out, "Published version 1: %s", trainings.train("trainer-v1", true, 42, 1));
        }
        final Optional<Path> secondVersion;
        if (retrain || badRetrain) {
            say(
                    out,
                    "Training a second model (%s), to publish mid-stream as a candidate; log: %s",
                    badRetrain
                            ? "deliberately bad: 1 epoch on " + BAD_TRAINING_IMAGES + " images, no gate"
                            : fullTraining ? "another seed" : "twice the images",
                    work.resolve("logs/trainer-v2.log"));
            say(
                    out,
                    "Version 2 (not published yet): %s",
                    trainings.train("trainer-v2", false, 4242, badRetrain ? BAD : 2));
            secondVersion = Optional.of(work.resolve("trainer-v2"));
            trainings.preparePublish(secondVersion.get());
        } else {
            secondVersion = Optional.empty();
        }

        say(out, "Starting the streamer; log: %s", work.resolve("logs/streamer.log"));
        final StreamerProcess streamerProcess =
                StreamerProcess.start(children, "streamer", inputs, kafka, work, List.of());
        streamerProcess.awaitReady(Duration.ofSeconds(180));
        final ChildProcesses.Child streamer = streamerProcess.child();
        console.awaitReady(Duration.ofSeconds(120));
        say(
                out,
                "Console: %s (draw a digit, watch the stream); log: %s",
                console.url(),
                console.child().log());
        if (secondVersion.isPresent()) {
            // Published before the first image: the streamer shadows it from the start, and the judge's
            // decision (after rollout.min-labeled labeled images) comes early in the stream, so the summary
            // shows the comparison, the decision and, when promoted, both versions answering.
            trainings.publishNow();
            trainings.awaitPublished();
            say(out, "Published version 2 as a candidate: the streamer compares it with version 1 on the stream");
        }

        say(
                out,
                "Streaming %,d MNIST test images to %s at %s",
                images,
                Topics.IMAGES,
                rate > 0 ? String.format(Locale.ROOT, "%,.0f/s", rate) : "full speed");
        try (PredictionFeed feed =
                new PredictionFeed(kafka, Topics.PREDICTIONS, Topics.DEAD_LETTERS, Duration.ofSeconds(30), false)) {
            feedRef.set(feed);
            final AtomicReference<RuntimeException> sendFailure = new AtomicReference<>();
            final Thread sending = new Thread(() -> send(test, kafka, stopping, sendFailure), "digits-local-produce");
            sending.setDaemon(true);
            sending.start();
            final boolean terminal = System.console() != null;
            final SummaryView view = new SummaryView(out, terminal, "digits local   " + bootstrap);
            final WatchStats.Summary summary = Watch.run(
                    feed,
                    new Watch.Limits(images, Duration.ofSeconds(timeoutSeconds), STALL),
                    null,
                    view,
                    terminal ? Duration.ofMillis(500) : Duration.ofSeconds(5),
                    () -> stopping.get() || !streamer.alive() || sendFailure.get() != null);
            view.show(summary);
            if (sendFailure.get() != null) {
                throw sendFailure.get();
            }
            if (!streamer.alive() && !stopping.get()) {
                throw new ToolException("The streamer stopped: " + streamer.logTail(5));
            }
            if (summary.answered() < images) {
                if (stopping.get()) {
                    return 130;
                }
                throw new ToolException(String.format(
                        Locale.ROOT,
                        "Only %,d of %,d images were answered (nothing for %d s, or over --timeout %d s); streamer log: %s",
                        summary.answered(),
                        images,
                        STALL.toSeconds(),
                        timeoutSeconds,
                        streamer.log()));
            }
            if (secondVersion.isPresent()) {
                say(out, "Rollout: %s", summary.rollout());
                if (retrain && summary.models().keySet().stream().noneMatch(model -> model.endsWith(" v2"))) {
                    say(
                            out,
                            "Version 2 did not answer before the last image: it was still a candidate or was "
                                    + "rejected (the rollout line says which); stream longer (--images, --rate) to see it");
                }
            }
            say(
                    out,
                    "Done: %,d predictions, %,d dead letters; stopping the streamer and the broker",
                    summary.predictions(),
                    summary.deadLetters());
            return 0;
        }
    }

    /** Sends the images at the configured rate. */
    private void send(
            final MnistDataset test,
            final KafkaClientSettings kafka,
            final AtomicBoolean stopping,
            final AtomicReference<RuntimeException> failure) {
        final Pacer pacer = new Pacer(rate);
        try (ImageSender sender = new ImageSender(kafka, Topics.IMAGES, Duration.ofSeconds(30))) {
            for (int i = 0; i < images && !stopping.get(); i++) {
                pacer.awaitTurn(i);
                final int index = i % test.size();
                sender.send("local-" + i, test.image(index), test.label(index));
            }
            sender.flush();
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    /**
     * The trainer's options; {@code scale} multiplies the short training's images (the second version
     * learns more), and {@link #BAD} stands for the deliberately bad version.
     */
    private List<String> trainingArguments(final int scale) {
        final List<String> arguments = new ArrayList<>(List.of("--test-limit", Integer.toString(testImages)));
        if (scale == BAD) {
            arguments.addAll(List.of(
                    "--epochs", "1", "--train-limit", Integer.toString(BAD_TRAINING_IMAGES), "--min-accuracy", "0"));
        } else if (!fullTraining) {
            arguments.addAll(List.of(
                    "--epochs",
                    Integer.toString(epochs),
                    "--train-limit",
                    Integer.toString(Math.min(MNIST_TRAINING_IMAGES, trainImages * scale)),
                    "--min-accuracy",
                    Double.toString(minAccuracy)));
        }
        return arguments;
    }

    private String trainingDescription() {
        return fullTraining
                ? "full recipe: 60,000 images, 8 epochs"
                : String.format(
                        Locale.ROOT,
                        "%d epoch(s) on %,d images; --full-training for the full recipe",
                        epochs,
                        trainImages);
    }

    private void validate() {
        if (images < 1
                || rate < 0
                || trainImages < 1
                || epochs < 1
                || testImages < 1
                || timeoutSeconds < 1
                || port < 0
                || port > 65535
                || consolePort < 0
                || consolePort > 65535
                || minAccuracy < 0
                || minAccuracy > 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--images, --train-images, --epochs, --test-images and "
                            + "--timeout must be >= 1, --rate >= 0, --port and --console-port 0-65535 and --min-accuracy 0-1");
        }
    }
}
