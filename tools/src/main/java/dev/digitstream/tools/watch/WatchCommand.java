package dev.digitstream.tools.watch;

import dev.digitstream.cli.KafkaConnection;
import dev.digitstream.schemas.Topics;
import dev.digitstream.tools.cli.KafkaDefaults;
import dev.digitstream.tools.process.ShutdownHooks;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code digits watch}: a live summary of the predictions, or one JSON line per prediction. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Shows a live summary of the predictions, refreshed in place.",
            "",
            "Consumes the predictions and dead letters: predictions/s, running accuracy against the echoed labels, "
                    + "latency p50/p99 (arrival time - createdAt), the model versions seen and the dead-letter count. "
                    + "Ctrl-C stops it and prints the final summary. With --json, one JSON line per record instead.",
            ""
        })
public final class WatchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka = KafkaDefaults.connection();

    @Option(
            names = "--topic",
            defaultValue = Topics.PREDICTIONS,
            paramLabel = "TOPIC",
            description = "Predictions topic (default: ${DEFAULT-VALUE}).")
    private String topic;

    @Option(
            names = "--dead-letter-topic",
            defaultValue = Topics.DEAD_LETTERS,
            paramLabel = "TOPIC",
            description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    private String deadLetterTopic;

    @Option(names = "--from-beginning", description = "Read the topics from their start instead of from now.")
    private boolean fromBeginning;

    @Option(
            names = "--max-records",
            defaultValue = "0",
            paramLabel = "N",
            description = "Stop after N records (predictions plus dead letters); 0 for no limit.")
    private long maxRecords;

    @Option(
            names = "--duration",
            defaultValue = "0",
            paramLabel = "SECONDS",
            description = "Stop after this many seconds; 0 for no limit.")
    private double durationSeconds;

    @Option(
            names = "--json",
            description =
                    "Print one JSON line per prediction (and dead letter) instead; the summary goes to stderr at the end.")
    private boolean json;

    @Option(
            names = "--refresh",
            defaultValue = "500",
            paramLabel = "MILLIS",
            description = "How often the live summary is redrawn on a terminal (default: ${DEFAULT-VALUE}).")
    private long refreshMillis;

    @Override
    public Integer call() {
        if (maxRecords < 0 || durationSeconds < 0 || refreshMillis < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--max-records and --duration must be >= 0 and --refresh >= 1");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final boolean terminal = System.console() != null;
        final String title = "digits watch   " + topic + " @ " + kafka.bootstrapServers();
        // Off a terminal the summary is printed as a block now and then rather than redrawn.
        final Duration refresh = terminal ? Duration.ofMillis(refreshMillis) : Duration.ofSeconds(10);
        final Watch.Limits limits = new Watch.Limits(maxRecords, Duration.ofMillis((long) (durationSeconds * 1000)));
        final AtomicBoolean stopping = new AtomicBoolean();
        final CountDownLatch finished = new CountDownLatch(1);
        try (PredictionFeed feed =
                new PredictionFeed(kafka.settings(), topic, deadLetterTopic, kafka.timeout(), fromBeginning)) {
            final Thread onCtrlC = new Thread(
                    () -> {
                        stopping.set(true);
                        feed.wakeup();
                        ShutdownHooks.awaitQuietly(finished, Duration.ofSeconds(5));
                    },
                    "digits-watch-stop");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                final SummaryView live = json ? null : new SummaryView(out, terminal, title);
                final WatchStats.Summary summary =
                        Watch.run(feed, limits, json ? new JsonLines(out) : null, live, refresh, stopping::get);
                (json ? new SummaryView(err, false, title) : live).show(summary);
            } finally {
                finished.countDown();
                ShutdownHooks.removeQuietly(onCtrlC);
            }
        }
        return 0;
    }
}
