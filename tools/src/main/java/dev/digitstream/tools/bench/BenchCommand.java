package dev.digitstream.tools.bench;

import static dev.digitstream.tools.cli.Narration.say;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.cli.KafkaSecurityOptions;
import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.tools.cli.LocalRunOptions;
import dev.digitstream.tools.cli.RunInputs;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.process.ChildProcesses;
import dev.digitstream.tools.process.ClassifierAlone;
import dev.digitstream.tools.process.LocalBroker;
import dev.digitstream.tools.process.ShutdownHooks;
import dev.digitstream.tools.process.StreamerProcess;
import dev.digitstream.tools.process.Trainings;
import dev.digitstream.tools.process.WorkDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code digits bench}: the end-to-end load harness. On a real broker (started here as a separate
 * process, or given), it measures a plain Kafka Streams pass-through as the baseline, then one streamer
 * flat out, at a fixed rate, and at that rate with a hot swap in the middle, and prints one table:
 * throughput, latency from each image's creation to its prediction's arrival, records lost and
 * duplicated, and the CPU each process used.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "End-to-end load harness: throughput, latency, hot swap, loss, against a pass-through baseline.",
            "",
            "Phases, each on fresh topics of one real broker: (1) a Kafka Streams pass-through (bytes in, bytes "
                    + "out, same partitions and linger) flat out; (2) one streamer flat out; (3) the streamer at "
                    + "--rate for --seconds; (4) the same with the model published again as the next version "
                    + "half-way (hot swap). Latency runs from each image's createdAt to the arrival of its "
                    + "prediction here. Exit code 1 when any image was lost.",
            ""
        })
public final class BenchCommand implements Callable<Integer> {

    /** The version the mid-run publication gets: the topics are fresh, so the first publication is version 1. */
    private static final long SWAP_VERSION = 2;
    /** The version published as a candidate for the shadow phase. */
    private static final long CANDIDATE_VERSION = 3;
    /** A warm-up round whose JIT compilation took less than this share of a core ends the warm-up. */
    private static final int QUIET_JIT_PERCENT = 5;
    /**
     * The pass-through runs in this JVM, which compiles each round's new consumers and ledgers and never
     * gets quiet (0.7 of a core after 12 rounds): it gets a fixed number of rounds instead.
     */
    private static final int PASS_THROUGH_WARM_UP_ROUNDS = 4;
    /** Length of a warm-up round at the paced rate, before the paced phases. */
    private static final int PACED_WARM_UP_SECONDS = 10;

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    /** How long a streamer may take to be ready: Kafka Streams running and a model loaded. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Use this broker (topics get fresh names per run); default: start Apache Kafka's broker "
                    + "here as a child process on 127.0.0.1.")
    private String bootstrapServers;

    @Mixin
    private KafkaSecurityOptions security = new KafkaSecurityOptions();

    @Option(
            names = "--images",
            defaultValue = "60000",
            paramLabel = "N",
            description = "Records sent flat out in phases 1, 2 and 6 (default: ${DEFAULT-VALUE}).")
    private int images;

    // A fresh streamer JVM keeps its JIT compilers busy for a minute or more on 2 cores: C2 took 0.3-0.5 of a
    // core during a flat-out phase after 5,000 or even 100,000 warm-up images, and throughput swung from
    // 5.5k to 10.6k/s with it. Measure steady state: warm up until the compilers are quiet.
    @Option(
            names = "--warm-up",
            defaultValue = "50000",
            paramLabel = "N",
            description = "Records per warm-up round, sent flat out through each path before it is measured and "
                    + "not counted (default: ${DEFAULT-VALUE}).")
    private int warmUp;

    @Option(
            names = "--warm-up-rounds",
            defaultValue = "12",
            paramLabel = "N",
            description = "At most this many warm-up rounds for the streamer, flat out before phase 2 and at --rate ("
                    + PACED_WARM_UP_SECONDS + " s each) before phase 3: each warm-up stops once a round's JIT "
                    + "compilation took under " + QUIET_JIT_PERCENT + "%% of a core. The pass-through gets "
                    + PASS_THROUGH_WARM_UP_ROUNDS + " flat out (default: ${DEFAULT-VALUE}).")
    private int warmUpRounds;

    @Option(
            names = "--rate",
            defaultValue = "1000",
            paramLabel = "PER_SECOND",
            description = "Images per second in phases 3, 4 and 5 (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(
            names = "--seconds",
            defaultValue = "30",
            paramLabel = "S",
            description = "Length of phases 3, 4 and 5 (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(
            names = "--partitions",
            defaultValue = "4",
            paramLabel = "N",
            description = "Partitions of the input and output topics (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(
            names = "--model-dir",
            paramLabel = "DIR",
            description =
                    "An earlier training output (model.zip, metrics.json) to serve; default: train a small model first.")
    private Path modelDir;

    @Option(
            names = "--train-images",
            defaultValue = "6000",
            paramLabel = "N",
            description = "Training images of the small model (1 epoch; its speed does not depend on its accuracy) "
                    + "(default: ${DEFAULT-VALUE}).")
    private int trainImages;

    @Option(
            names = "--streamer-arg",
            paramLabel = "--PROPERTY=VALUE",
            description =
                    "An extra argument for the streamer, e.g. --streamer-arg=--digitstream.batch.max-size=512 (repeatable).")
    private List<String> streamerArguments = new ArrayList<>();

    @Option(
            names = "--drain-timeout",
            defaultValue = "30",
            paramLabel = "SECONDS",
            description = "After the last send, count what has not arrived once nothing arrives for this long as lost "
                    + "(default: ${DEFAULT-VALUE}).")
    private long drainSeconds;

    @Option(
            names = "--start-up",
            paramLabel = "BACKLOG",
            description = "Instead of the phases: send BACKLOG images, then start a fresh streamer on them and print "
                    + "its predictions per second from its process start, its steady rate, and when it reached 90%% "
                    + "of it (e.g. --start-up 200000).")
    private Long startUpBacklog;

    @Option(
            names = "--rehearsal",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "With --start-up: before the measured start, a first streamer works through a backlog of "
                    + "the same size on topics of its own and stops, so that the broker and this harness have "
                    + "compiled their paths, as in a running system where only the streamer restarts (and a first "
                    + "start records the class data cache). --no-rehearsal measures against a fresh broker "
                    + "(default: on).")
    private boolean rehearsal = true;

    @Option(
            names = "--classifier-alone",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Before phase 2, measure the classifier alone (JMH's ClassifierBenchmark from the benchmarks "
                    + "jar: fast path, one thread, batch " + ClassifierAlone.BATCH + ", MNIST test images, ~30 s), so "
                    + "that the report states the streamer's flat-out rate as a multiple of it, measured in the same "
                    + "run (default: on; --no-classifier-alone: off).")
    private boolean classifierAlone = true;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
    private Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the report as Markdown.")
    private Path markdown;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description =
                    "Keep the broker's data, the model and the logs here (default: a temporary directory, deleted at the end).")
    private Path workDir;

    @Mixin
    private LocalRunOptions runOptions;

    @Override
    public Integer call() throws IOException {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final RunInputs inputs = runOptions.resolve();
        final MnistDataset test = inputs.testImages();
        final WorkDir workDirectory = WorkDir.of(workDir, "digits-bench-");
        final Path work = workDirectory.path();
        final ChildProcesses children = new ChildProcesses(work.resolve("logs"));
        final Thread onCtrlC = new Thread(children::stopAll, "digits-bench-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        Path keep = null;
        try {
            if (startUpBacklog != null) {
                out.print(startUp(out, children, work, inputs, test).text());
                out.flush();
                return 0;
            }
            final BenchReport report = run(out, children, work, inputs, test);
            out.println();
            out.print(report.text());
            out.flush();
            if (json != null) {
                report.writeJson(json);
            }
            if (markdown != null) {
                report.writeMarkdown(markdown);
            }
            if (report.lost() > 0) {
                keep = work.resolve("logs");
                spec.commandLine().getErr().printf("digits: %,d records lost (logs: %s)%n", report.lost(), keep);
                spec.commandLine().getErr().flush();
                return 1;
            }
            return 0;
        } catch (ToolException e) {
            keep = work.resolve("logs");
            throw new ToolException(e.getMessage() + " (logs: " + keep + ")", e);
        } finally {
            children.stopAll();
            workDirectory.deleteIfTemporary(keep);
            ShutdownHooks.removeQuietly(onCtrlC);
        }
    }

    private BenchReport run(
            final PrintWriter out,
            final ChildProcesses children,
            final Path work,
            final RunInputs inputs,
            final MnistDataset test) {
        final String loadBefore = loadAverage();
        // Checked before anything starts: a missing jar should not cost the minutes before phase 2.
        final Path benchmarksJar = classifierAlone ? runOptions.benchmarksJar() : null;
        final Map<String, ProcessHandle> processes = new LinkedHashMap<>();
        final KafkaClientSettings kafka = broker(out, children, work, processes);
        processes.put("harness", ProcessHandle.current());
        final BenchTopics topics = new BenchTopics(
                Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000)), partitions);
        topics.create(kafka, KAFKA_TIMEOUT);
        final PhaseRunner phases = new PhaseRunner(
                new LoadGenerator(test, kafka, KAFKA_TIMEOUT), kafka, processes, Duration.ofSeconds(drainSeconds));

        final PhaseRunner.Outcome passThrough = passThroughPhase(out, phases, topics, kafka, work);

        final Trainings trainings = trainings(children, inputs, kafka, work);
        final Path model = model(out, trainings, work);
        final List<String> publishOptions = List.of("--topic", topics.models());
        trainings.publish(model, publishOptions);
        say(
                out,
                "Published %s as version 1; starting the streamer (log: %s)",
                model,
                work.resolve("logs/streamer.log"));
        final StreamerProcess streamer = launchStreamer(children, "streamer", inputs, kafka, work, topics);
        streamer.awaitReady(READY_TIMEOUT);
        processes.put("streamer", streamer.child().process().toHandle());
        final PhaseRunner.Route route = PhaseRunner.Route.streamer(topics, streamer);

        final String run = topics.run();
        warmUp(out, "streamer", warmUpRounds, true, round -> {
            final PhaseResult result = phases.run(
                            "warm-up", route, PhaseRunner.Load.flatOut(run + "-warm" + round + "-", warmUp))
                    .result();
            return new WarmUpRound(
                    warmUp, result.counts().lost(), result.streamer().jitCores());
        });
        final ClassifierAlone.Score alone = classifierAlone(out, children, benchmarksJar, inputs, work);
        say(out, "Phase 2/6: streamer, %,d images flat out", images);
        final PhaseRunner.Outcome flat =
                phases.run(PhaseNames.FLAT_OUT, route, PhaseRunner.Load.flatOut(run + "-flat-", images));
        say(out, "  %s", summary(flat.result()));
        final long paced = Math.round(rate * seconds);
        // Flat out, batches are full; at the rate they hold a few images, which runs other code (the
        // kernel's remainder loops, the punctuator's flushes) that C2 has not compiled yet.
        final long pacedWarmUp = Math.round(rate * PACED_WARM_UP_SECONDS);
        warmUp(out, "streamer at the rate", warmUpRounds, true, round -> {
            final PhaseResult result = phases.run(
                            "warm-up",
                            route,
                            PhaseRunner.Load.paced(run + "-rate-warm" + round + "-", pacedWarmUp, rate))
                    .result();
            return new WarmUpRound(
                    pacedWarmUp, result.counts().lost(), result.streamer().jitCores());
        });
        say(out, "Phase 3/6: streamer at %,.0f images/s for %.0f s", rate, seconds);
        final PhaseRunner.Outcome steady =
                phases.run(PhaseNames.AT_RATE, route, PhaseRunner.Load.paced(run + "-rate-", paced, rate));
        say(out, "  %s", summary(steady.result()));
        // Straight to serving: phase 4 measures the swap itself, as the immediate rollout mode does it.
        trainings.preparePublish(model, serving(publishOptions));
        trainings.awaitPublishPrepared(Duration.ofMinutes(2));
        final PhaseRunner.Outcome swapping =
                swapPhase(out, phases, route, PhaseRunner.Load.paced(run + "-swap-", paced, rate), trainings);
        final long publishedAt = PublishedVersions.publishedAt(kafka, topics.models(), SWAP_VERSION, KAFKA_TIMEOUT);
        final SwapResult swap = SwapResult.of(swapping.arrivals(), SWAP_VERSION, publishedAt);
        final List<PhaseResult> shadowing =
                shadowPhases(out, phases, route, trainings, model, publishOptions, streamer, run, paced);
        final List<PhaseResult> streamerPhases =
                new ArrayList<>(List.of(flat.result(), steady.result(), swapping.result()));
        streamerPhases.addAll(shadowing);
        return new BenchReport(
                machine(),
                loadBefore,
                loadAverage(),
                streamerSettings(inputs),
                passThrough.result(),
                streamerPhases,
                swap,
                alone);
    }

    /**
     * The baseline of the flat-out phase, measured with the streamer started and idle: JMH's classifier
     * benchmark in a child JVM on the same cores. Null without a jar ({@code --no-classifier-alone}).
     */
    private ClassifierAlone.Score classifierAlone(
            final PrintWriter out,
            final ChildProcesses children,
            final Path jar,
            final RunInputs inputs,
            final Path work) {
        if (jar == null) {
            return null;
        }
        say(
                out,
                "The classifier alone: JMH, fast path, one thread, batch %d (log: %s)",
                ClassifierAlone.BATCH,
                work.resolve("logs/classifier-alone.log"));
        final ClassifierAlone.Score score = ClassifierAlone.measure(children, jar, inputs.mnistDirectory(), work);
        say(out, "  %,.0f ± %,.0f images/s", score.imagesPerSecond(), score.error());
        return score;
    }

    /**
     * {@code --start-up}: the backlog first, then a fresh streamer (the model published before it starts);
     * its predictions counted per second from its process start. Unless {@code --no-rehearsal}, a first
     * streamer does the same on topics of its own and stops before the measured one starts.
     */
    private StartUpCurve startUp(
            final PrintWriter out,
            final ChildProcesses children,
            final Path work,
            final RunInputs inputs,
            final MnistDataset test) {
        final Map<String, ProcessHandle> processes = new LinkedHashMap<>();
        final KafkaClientSettings kafka = broker(out, children, work, processes);
        final PhaseRunner phases = new PhaseRunner(
                new LoadGenerator(test, kafka, KAFKA_TIMEOUT), kafka, processes, Duration.ofSeconds(drainSeconds));
        final Trainings trainings = trainings(children, inputs, kafka, work);
        final Path model = model(out, trainings, work);
        final String run = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
        if (rehearsal) {
            say(out, "Rehearsal: a first streamer on a backlog of its own, so that the broker is warm");
            final BacklogStart first = backlogThenStreamer(
                    out,
                    children,
                    work,
                    inputs,
                    kafka,
                    phases,
                    processes,
                    trainings,
                    model,
                    run + "-rehearsal",
                    "rehearsal");
            children.stop(first.streamer().child());
            say(out, "Rehearsal done; the measured start follows on fresh topics");
        }
        return backlogThenStreamer(
                        out, children, work, inputs, kafka, phases, processes, trainings, model, run, "streamer")
                .curve();
    }

    /**
     * A backlog sent to fresh topics of {@code run}, and a fresh streamer started on it once it is all sent
     * (its log: {@code <name>.log}).
     */
    private BacklogStart backlogThenStreamer(
            final PrintWriter out,
            final ChildProcesses children,
            final Path work,
            final RunInputs inputs,
            final KafkaClientSettings kafka,
            final PhaseRunner phases,
            final Map<String, ProcessHandle> processes,
            final Trainings trainings,
            final Path model,
            final String run,
            final String name) {
        final BenchTopics topics = new BenchTopics(run, partitions);
        topics.create(kafka, KAFKA_TIMEOUT);
        trainings.publish(model, List.of("--topic", topics.models()));
        final StreamerProcess[] streamer = new StreamerProcess[1];
        final CpuPerSecond[] cpu = new CpuPerSecond[1];
        final LoadGenerator.MidRunAction startStreamer = new LoadGenerator.MidRunAction(startUpBacklog, () -> {
            say(out, "Backlog sent; starting the streamer (log: %s)", work.resolve("logs/" + name + ".log"));
            streamer[0] = launchStreamer(children, name, inputs, kafka, work, topics);
            final Map<String, ProcessHandle> sampled = new LinkedHashMap<>(processes);
            sampled.put("streamer", streamer[0].child().process().toHandle());
            sampled.put("harness", ProcessHandle.current());
            cpu[0] = CpuPerSecond.start(sampled, processStartMillis(streamer[0]));
            streamer[0].awaitReady(READY_TIMEOUT);
        });
        say(out, "Sending a backlog of %,d images to %s", startUpBacklog, topics.images());
        final PhaseRunner.Outcome outcome;
        try {
            outcome = phases.run(
                    "start-up",
                    new PhaseRunner.Route(
                            topics.images(),
                            topics.predictions(),
                            List.of(topics.deadLetters()),
                            OutputCollector.predictions(),
                            null),
                    PhaseRunner.Load.flatOut(run + "-start-", startUpBacklog).with(startStreamer));
        } finally {
            if (cpu[0] != null) {
                cpu[0].close();
            }
        }
        say(out, "  %s", summary(outcome.result()));
        if (outcome.result().counts().lost() > 0) {
            throw new ToolException(String.format(
                    Locale.ROOT,
                    "%,d images of the backlog got no answer",
                    outcome.result().counts().lost()));
        }
        return new BacklogStart(
                streamer[0], StartUpCurve.of(outcome.arrivals(), cpu[0].fromMillis(), cpu[0].seconds()));
    }

    private static long processStartMillis(final StreamerProcess streamer) {
        return streamer.child().process().info().startInstant().orElseThrow().toEpochMilli();
    }

    private record BacklogStart(StreamerProcess streamer, StartUpCurve curve) {}

    private Trainings trainings(
            final ChildProcesses children, final RunInputs inputs, final KafkaClientSettings kafka, final Path work) {
        return new Trainings(
                children,
                inputs.trainerJar(),
                kafka,
                work,
                inputs.mnistDir(),
                scale -> List.of(
                        "--epochs",
                        "1",
                        "--train-limit",
                        Integer.toString(trainImages),
                        "--test-limit",
                        "1000",
                        "--min-accuracy",
                        "0"));
    }

    /** The given broker with the security options, or Apache Kafka's started here as a child process (plaintext). */
    private KafkaClientSettings broker(
            final PrintWriter out,
            final ChildProcesses children,
            final Path work,
            final Map<String, ProcessHandle> processes) {
        if (bootstrapServers != null) {
            return security.settings(bootstrapServers);
        }
        final LocalBroker broker = new LocalBroker(work, 0);
        say(out, "Starting Kafka (KRaft) on %s as a child process", broker.bootstrapServers());
        processes.put(
                "broker",
                broker.start(children, Duration.ofSeconds(90)).process().toHandle());
        return KafkaClientSettings.plaintext(broker.bootstrapServers());
    }

    /** Phase 1: the pass-through baseline, warmed up like the streamer. */
    private PhaseRunner.Outcome passThroughPhase(
            final PrintWriter out,
            final PhaseRunner phases,
            final BenchTopics topics,
            final KafkaClientSettings kafka,
            final Path work) {
        final String run = topics.run();
        say(out, "Phase 1/6: pass-through baseline, %,d records flat out (topics digits-bench-%s.*)", images, run);
        final PhaseRunner.Route route = PhaseRunner.Route.passThrough(topics);
        final PhaseRunner.Outcome passThrough;
        try (PassThrough copy = PassThrough.start(
                kafka,
                "digits-bench-" + run + "-pass-through",
                work.resolve("pass-through-state"),
                topics.passThroughIn(),
                topics.passThroughOut(),
                KAFKA_TIMEOUT)) {
            // Warmed up like the streamer, so that both are measured with compiled code and warm clients.
            final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            warmUp(out, "pass-through (this harness's JIT)", PASS_THROUGH_WARM_UP_ROUNDS, false, round -> {
                final long jitBefore = jit.getTotalCompilationTime();
                final long started = System.nanoTime();
                final PhaseResult result = phases.run(
                                "pass-through warm-up",
                                route,
                                PhaseRunner.Load.flatOut(run + "-pass-warm" + round + "-", warmUp))
                        .result();
                return new WarmUpRound(
                        warmUp,
                        result.counts().lost(),
                        (jit.getTotalCompilationTime() - jitBefore) / 1e3 / ((System.nanoTime() - started) / 1e9));
            });
            passThrough = phases.run("pass-through", route, PhaseRunner.Load.flatOut(run + "-pass-", images));
        }
        say(out, "  %s", summary(passThrough.result()));
        return passThrough;
    }

    /** The model to serve: the given one, or a small one trained now. */
    private Path model(final PrintWriter out, final Trainings trainings, final Path work) {
        if (modelDir != null) {
            return modelDir;
        }
        say(out, "Training a small model (1 epoch, %,d images); log: %s", trainImages, work.resolve("logs/model.log"));
        say(out, "  %s", trainings.train("model", false, 42, 1));
        return work.resolve("model");
    }

    /** Launches a streamer on the run's topics, without waiting for it to be ready. */
    private StreamerProcess launchStreamer(
            final ChildProcesses children,
            final String name,
            final RunInputs inputs,
            final KafkaClientSettings kafka,
            final Path work,
            final BenchTopics topics) {
        final List<String> settings = new ArrayList<>(List.of(
                "--digitstream.application-id=digits-bench-" + topics.run() + "-streamer",
                "--digitstream.topics.in=" + topics.images(),
                "--digitstream.topics.predicted=" + topics.predictions(),
                "--digitstream.topics.dead-letter=" + topics.deadLetters(),
                "--digitstream.topics.models=" + topics.models(),
                "--digitstream.topics.rollout=" + topics.rollout(),
                "--digitstream.topics.partitions=" + partitions,
                // The shadow phases measure the cost of a candidate, not the decision: keep it a candidate.
                "--digitstream.rollout.min-labeled=" + Long.MAX_VALUE));
        settings.addAll(streamerArguments);
        return StreamerProcess.start(children, name, inputs, kafka, work, settings);
    }

    /**
     * Phases 5 and 6: the cost of shadowing. The model is published again as a candidate, which the
     * streamer classifies beside the serving version on every batch; the paced and the flat-out loads then
     * run again, to compare with phases 3 and 2 (no candidate: the data path of the immediate mode). The
     * judge never decides here (its minimum of labeled images is out of reach), so the candidate stays
     * shadowed for both phases.
     */
    private List<PhaseResult> shadowPhases(
            final PrintWriter out,
            final PhaseRunner phases,
            final PhaseRunner.Route route,
            final Trainings trainings,
            final Path model,
            final List<String> publishOptions,
            final StreamerProcess streamer,
            final String run,
            final long paced) {
        trainings.publish(model, publishOptions);
        streamer.awaitCandidate(CANDIDATE_VERSION, Duration.ofSeconds(60));
        say(
                out,
                "Phase 5/6: streamer at %,.0f images/s for %.0f s, shadowing candidate version %d",
                rate,
                seconds,
                CANDIDATE_VERSION);
        final PhaseRunner.Outcome shadowAtRate = phases.run(
                PhaseNames.AT_RATE_SHADOW, route, PhaseRunner.Load.paced(run + "-shadow-rate-", paced, rate));
        say(out, "  %s", summary(shadowAtRate.result()));
        say(out, "Phase 6/6: streamer, %,d images flat out, shadowing candidate version %d", images, CANDIDATE_VERSION);
        final PhaseRunner.Outcome shadowFlat =
                phases.run(PhaseNames.FLAT_OUT_SHADOW, route, PhaseRunner.Load.flatOut(run + "-shadow-flat-", images));
        say(out, "  %s", summary(shadowFlat.result()));
        return List.of(shadowAtRate.result(), shadowFlat.result());
    }

    private static List<String> serving(final List<String> publishOptions) {
        final List<String> options = new ArrayList<>(publishOptions);
        options.addAll(List.of("--stage", "serving"));
        return options;
    }

    /** Phase 4: the paced load again, letting the prepared publication of the next version go part-way. */
    private PhaseRunner.Outcome swapPhase(
            final PrintWriter out,
            final PhaseRunner phases,
            final PhaseRunner.Route route,
            final PhaseRunner.Load load,
            final Trainings trainings) {
        say(
                out,
                "Phase 4/6: streamer at %,.0f images/s for %.0f s, publishing version %d mid-run",
                rate,
                seconds,
                SWAP_VERSION);
        // The publishing JVM reads the models topic and checks the artifact before it sends (seconds on a
        // busy machine): let it go a third of the way in, so that the version lands near the middle.
        final PhaseRunner.Outcome swapping = phases.run(
                PhaseNames.AT_RATE_SWAP,
                route,
                load.with(new LoadGenerator.MidRunAction(load.count() / 3, trainings::publishNow)));
        trainings.awaitPublished();
        say(out, "  %s", summary(swapping.result()));
        return swapping;
    }

    /**
     * Runs up to {@code rounds} warm-up rounds of {@link #warmUp} records; with {@code untilQuiet}, stops
     * after the first whose JIT compilation took under {@link #QUIET_JIT_PERCENT}% of a core.
     *
     * A round that loses records ends the run: what follows would measure a broken path.
     *
     * @param round runs round {@code n} (from 1)
     */
    private void warmUp(
            final PrintWriter out,
            final String what,
            final int rounds,
            final boolean untilQuiet,
            final IntFunction<WarmUpRound> round) {
        if (warmUp == 0) {
            return;
        }
        for (int n = 1; n <= rounds; n++) {
            final WarmUpRound result = round.apply(n);
            if (result.lost() > 0) {
                throw new ToolException(String.format(
                        Locale.ROOT,
                        "warm-up %s, round %d: %,d of %,d records got no " + "answer; stopping (see the logs)",
                        what,
                        n,
                        result.lost(),
                        result.records()));
            }
            final double jitCores = result.jitCores();
            say(
                    out,
                    "  warm-up %s, round %d: %,d records, JIT compilers %.2f cores",
                    what,
                    n,
                    result.records(),
                    jitCores);
            if (untilQuiet && jitCores < QUIET_JIT_PERCENT / 100.0) {
                return;
            }
        }
        if (untilQuiet) {
            say(
                    out,
                    "  the JIT compilers were still busy after %d warm-up rounds: the figures below include them",
                    rounds);
        }
    }

    /** The streamer's JVM options and arguments beyond the defaults, for the report. */
    private String streamerSettings(final RunInputs inputs) {
        final List<String> settings = new ArrayList<>(inputs.streamerJavaOptions());
        settings.addAll(streamerArguments);
        return settings.isEmpty() ? "defaults" : String.join(" ", settings);
    }

    /** A warm-up round: its records, those that got no answer, and the cores the JIT compilers used meanwhile. */
    private record WarmUpRound(long records, long lost, double jitCores) {}

    private static String summary(final PhaseResult phase) {
        return String.format(
                Locale.ROOT,
                "%,d/%,d answered, %,.0f/s, p50 %d ms, p99 %d ms, lost %,d, duplicated %,d",
                phase.counts().answered(),
                phase.counts().expected(),
                phase.throughput(),
                phase.latency().p50(),
                phase.latency().p99(),
                phase.counts().lost(),
                phase.counts().duplicates());
    }

    /** {@code nproc} and the CPU model, e.g. "2 x Intel(R) Xeon(R) ...". */
    static String machine() {
        String model = "unknown CPU";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .orElse(model);
        } catch (IOException e) {
            // Not Linux: the CPU model stays unknown.
        }
        return Runtime.getRuntime().availableProcessors() + " x " + model;
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private void validate() {
        if (images < 1
                || warmUp < 0
                || warmUpRounds < 1
                || rate <= 0
                || seconds <= 0
                || partitions < 1
                || trainImages < 1
                || drainSeconds < 1
                || (startUpBacklog != null && startUpBacklog < 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--images, --partitions, --train-images, --warm-up-rounds, --start-up "
                            + "and --drain-timeout must be >= 1, --warm-up >= 0, --rate and --seconds > 0");
        }
    }
}
