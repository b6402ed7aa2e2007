package dev.digitstream.tools.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.cli.PublicationSignal;
import dev.digitstream.tools.cli.ToolException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;

/** Training runs and publications for local mode and the bench, each a child JVM on the trainer's jar. */
public final class Trainings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration LONGEST_TRAINING = Duration.ofHours(2);
    private static final Duration PREPARED_POLL = Duration.ofMillis(100);

    private final ChildProcesses children;
    private final Path trainerJar;
    private final KafkaClientSettings kafka;
    private final Path workDir;
    private final Optional<Path> mnistDir;
    private final IntFunction<List<String>> trainingArguments;
    private ChildProcesses.Child publishing;

    public Trainings(
            final ChildProcesses children,
            final Path trainerJar,
            final KafkaClientSettings kafka,
            final Path workDir,
            final Optional<Path> mnistDir,
            final IntFunction<List<String>> trainingArguments) {
        this.children = children;
        this.trainerJar = trainerJar;
        this.kafka = kafka;
        this.workDir = workDir;
        this.mnistDir = mnistDir;
        this.trainingArguments = trainingArguments;
    }

    /**
     * The Kafka client settings as a file only this user can read, for the trainer's {@code --kafka-config}:
     * secrets stay off the command line that {@code ps} shows.
     */
    private Path kafkaConfig() {
        return kafka.writeTo(workDir.resolve("trainer-kafka.properties"), "");
    }

    /**
     * Trains into {@code <work>/<name>}, publishing the result when asked; a one-line outcome.
     *
     * @param scale how many times the configured training images to use
     */
    public String train(final String name, final boolean publish, final long seed, final int scale) {
        final Path output = workDir.resolve(name);
        final List<String> arguments = new ArrayList<>(List.of(
                "-Xmx2g",
                "-jar",
                trainerJar.toString(),
                "train",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--kafka-config",
                kafkaConfig().toString(),
                "--output",
                output.toString(),
                "--seed",
                Long.toString(seed)));
        mnistDir.ifPresent(dir -> arguments.addAll(List.of("--data-dir", dir.toString())));
        arguments.addAll(trainingArguments.apply(scale));
        if (!publish) {
            arguments.add("--no-publish");
        }
        final ChildProcesses.Child training = children.startJava(name, arguments);
        final int exit = children.awaitExit(training, LONGEST_TRAINING);
        if (exit != 0) {
            throw new ToolException("Training failed (exit code " + exit + "): "
                    + training.logTail(1).strip() + " (log: " + training.log() + ")");
        }
        return accuracyOf(output);
    }

    /**
     * Starts the trainer's {@code publish} of a trained model, paused until {@link #publishNow()} (its {@link
     * PublicationSignal#OPTION}): the JVM starts, checks the model with DL4J and reads the models topic
     * meanwhile, so the version lands within a moment of the call and costs little CPU then.
     */
    public synchronized void preparePublish(final Path modelDir) {
        preparePublish(modelDir, List.of());
    }

    /** As {@link #preparePublish(Path)}, with more options of the trainer's {@code publish} (a {@code --topic}). */
    public synchronized void preparePublish(final Path modelDir, final List<String> publishOptions) {
        final List<String> options = new ArrayList<>(List.of(PublicationSignal.OPTION));
        options.addAll(publishOptions);
        publishing = children.startJava("publish-" + modelDir.getFileName(), publishCommand(modelDir, options), true);
    }

    /**
     * Waits until the prepared publication is ready to publish (it printed {@link PublicationSignal#WAITING}):
     * the bench calls this before a measured phase, whose seconds the trainer's preparation would otherwise share.
     */
    public void awaitPublishPrepared(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!publishing.logHasLine(PublicationSignal.WAITING)) {
            if (!publishing.alive()) {
                throw new ToolException("The prepared publication exited before it was asked to publish: "
                        + publishing.logTail(1).strip() + " (log: " + publishing.log() + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new ToolException("The prepared publication did not start within " + timeout.toSeconds()
                        + " s (log: " + publishing.log() + ")");
            }
            try {
                Thread.sleep(PREPARED_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("Interrupted while waiting for the prepared publication", e);
            }
        }
    }

    /** Publishes a trained model as the next version now and waits until it is acknowledged. */
    public void publish(final Path modelDir, final List<String> publishOptions) {
        final ChildProcesses.Child publication =
                children.startJava("publish-now-" + modelDir.getFileName(), publishCommand(modelDir, publishOptions));
        final int exit = children.awaitExit(publication, Duration.ofMinutes(2));
        if (exit != 0) {
            throw new ToolException("Publishing failed (exit code " + exit + "): "
                    + publication.logTail(1).strip() + " (log: " + publication.log() + ")");
        }
    }

    /** The trainer's {@code publish} of {@code modelDir} on this broker, with more of its options. */
    private List<String> publishCommand(final Path modelDir, final List<String> publishOptions) {
        final List<String> arguments = new ArrayList<>(List.of(
                "-jar",
                trainerJar.toString(),
                "publish",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--kafka-config",
                kafkaConfig().toString(),
                "--model-dir",
                modelDir.toString()));
        arguments.addAll(publishOptions);
        return arguments;
    }

    /** Lets the prepared publication go, without waiting for it: the stream goes on meanwhile. */
    public synchronized void publishNow() {
        try {
            final OutputStream in = publishing.process().getOutputStream();
            in.write('\n');
            in.close();
        } catch (IOException e) {
            throw new ToolException(
                    "Cannot start publishing: " + e.getMessage() + " (log: " + publishing.log() + ")", e);
        }
    }

    /** Waits for the background publication, if one was started; a {@link ToolException} when it failed. */
    public synchronized void awaitPublished() {
        if (publishing != null) {
            final int exit = children.awaitExit(publishing, Duration.ofMinutes(2));
            if (exit != 0) {
                throw new ToolException("Publishing failed (exit code " + exit + "): "
                        + publishing.logTail(1).strip() + " (log: " + publishing.log() + ")");
            }
        }
    }

    /** Reads the test accuracy a training run wrote, for the one-line report. */
    private static String accuracyOf(final Path modelDir) {
        try {
            final JsonNode metrics =
                    JSON.readTree(modelDir.resolve("metrics.json").toFile());
            final JsonNode accuracy = metrics.findValue("testAccuracy");
            return accuracy == null
                    ? "trained"
                    : String.format(Locale.ROOT, "test accuracy %.2f%%", 100 * accuracy.asDouble());
        } catch (IOException e) {
            return "trained";
        }
    }
}
