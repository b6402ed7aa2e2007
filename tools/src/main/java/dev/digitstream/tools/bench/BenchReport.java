package dev.digitstream.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.digitstream.tools.cli.Table;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.process.ClassifierAlone;
import dev.digitstream.tools.process.StreamerMetricsSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one {@code digits bench} run measured, and its rendering: a plain-text table for the
 * terminal, the same table in Markdown, or JSON.
 *
 * @param swap null when the run had no hot-swap phase
 * @param classifierAlone the classifier alone on one thread, measured in the same run; null when it was not
 */
record BenchReport(
        String machine,
        String loadBefore,
        String loadAfter,
        String streamerSettings,
        PhaseResult passThrough,
        List<PhaseResult> streamerPhases,
        SwapResult swap,
        ClassifierAlone.Score classifierAlone) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> HEADER = List.of(
            "phase",
            "rate/s",
            "sent",
            "answered",
            "lost",
            "dup",
            "dead",
            "seconds",
            "images/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "max ms",
            "cores: streamer",
            "broker",
            "harness",
            "batch",
            "infer ms/img",
            "infer % of time",
            "streamer JIT cores");

    /** The first streamer phase's throughput over the pass-through's (flat out against flat out). */
    double throughputRatio() {
        if (streamerPhases.isEmpty() || passThrough.throughput() <= 0) {
            return 0;
        }
        return streamerPhases.get(0).throughput() / passThrough.throughput();
    }

    /** The flat-out phase's throughput over the classifier alone on one thread; 0 without either. */
    double classifierAloneRatio() {
        final Optional<PhaseResult> flat = phase(PhaseNames.FLAT_OUT);
        if (classifierAlone == null || flat.isEmpty() || classifierAlone.imagesPerSecond() <= 0) {
            return 0;
        }
        return flat.get().throughput() / classifierAlone.imagesPerSecond();
    }

    long lost() {
        return streamerPhases.stream().mapToLong(phase -> phase.counts().lost()).sum()
                + passThrough.counts().lost();
    }

    long duplicates() {
        return streamerPhases.stream()
                        .mapToLong(phase -> phase.counts().duplicates())
                        .sum()
                + passThrough.counts().duplicates();
    }

    String text() {
        return render(false);
    }

    String markdown() {
        return render(true);
    }

    void writeJson(final Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new ToolException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    void writeMarkdown(final Path file) {
        try {
            Files.writeString(file, markdown());
        } catch (IOException e) {
            throw new ToolException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private String render(final boolean markdown) {
        final List<List<String>> rows = new ArrayList<>();
        rows.add(row(passThrough));
        streamerPhases.forEach(phase -> rows.add(row(phase)));
        final StringBuilder out = new StringBuilder();
        out.append(markdown ? Table.markdown(HEADER, rows) : Table.text(HEADER, rows));
        out.append(System.lineSeparator());
        line(out, markdown, "Machine: %s; load average before %s, after %s", machine, loadBefore, loadAfter);
        line(out, markdown, "Streamer settings: %s", streamerSettings);
        line(
                out,
                markdown,
                "Throughput, streamer flat out / pass-through flat out: %.3f (%,.0f / %,.0f images/s)",
                throughputRatio(),
                streamerPhases.isEmpty() ? 0.0 : streamerPhases.get(0).throughput(),
                passThrough.throughput());
        if (classifierAlone != null) {
            line(
                    out,
                    markdown,
                    "Classifier alone (JMH, fast path, one thread, batch %d), this run: %,.0f ± %,.0f images/s; "
                            + "streamer flat out / classifier alone: %.2f",
                    ClassifierAlone.BATCH,
                    classifierAlone.imagesPerSecond(),
                    classifierAlone.error(),
                    classifierAloneRatio());
        }
        if (swap != null) {
            line(
                    out,
                    markdown,
                    "Hot swap to version %d, published %.1f s into its phase: first prediction naming it %s "
                            + "after publication (%,d answers by the old version, %,d by the new)",
                    swap.newVersion(),
                    swap.publishedAfterMillis() / 1000.0,
                    swap.swapMillis() < 0 ? "never arrived" : swap.swapMillis() + " ms",
                    swap.oldVersionAnswers(),
                    swap.newVersionAnswers());
            line(
                    out,
                    markdown,
                    "Latency during the swap window (%,d images): p50 %d, p90 %d, p99 %d, max %d ms; "
                            + "rest of that phase (%,d images): p50 %d, p90 %d, p99 %d, max %d ms",
                    swap.duringSwap().count(),
                    swap.duringSwap().p50(),
                    swap.duringSwap().p90(),
                    swap.duringSwap().p99(),
                    swap.duringSwap().max(),
                    swap.steady().count(),
                    swap.steady().p50(),
                    swap.steady().p90(),
                    swap.steady().p99(),
                    swap.steady().max());
        }
        shadowCost(out, markdown);
        line(out, markdown, "Lost: %,d; duplicated: %,d", lost(), duplicates());
        return out.toString();
    }

    /** The shadow phases against the same loads without a candidate, when the run had them. */
    private void shadowCost(final StringBuilder out, final boolean markdown) {
        final Optional<PhaseResult> atRate = phase(PhaseNames.AT_RATE);
        final Optional<PhaseResult> shadowAtRate = phase(PhaseNames.AT_RATE_SHADOW);
        if (atRate.isPresent() && shadowAtRate.isPresent()) {
            line(
                    out,
                    markdown,
                    "Shadow mode at the paced rate, against no candidate: p50 %d vs %d ms, p99 %d vs %d ms (%.2fx)",
                    shadowAtRate.get().latency().p50(),
                    atRate.get().latency().p50(),
                    shadowAtRate.get().latency().p99(),
                    atRate.get().latency().p99(),
                    (double) shadowAtRate.get().latency().p99()
                            / Math.max(1, atRate.get().latency().p99()));
        }
        final Optional<PhaseResult> flat = phase(PhaseNames.FLAT_OUT);
        final Optional<PhaseResult> shadowFlat = phase(PhaseNames.FLAT_OUT_SHADOW);
        if (flat.isPresent() && shadowFlat.isPresent()) {
            line(
                    out,
                    markdown,
                    "Shadow mode flat out, against no candidate: %,.0f vs %,.0f images/s (%.2fx)",
                    shadowFlat.get().throughput(),
                    flat.get().throughput(),
                    shadowFlat.get().throughput() / Math.max(1, flat.get().throughput()));
        }
    }

    private Optional<PhaseResult> phase(final String name) {
        return streamerPhases.stream()
                .filter(phase -> phase.name().equals(name))
                .findFirst();
    }

    private static void line(
            final StringBuilder out, final boolean markdown, final String format, final Object... args) {
        out.append(markdown ? "- " : "")
                .append(String.format(Locale.ROOT, format, args))
                .append(System.lineSeparator());
    }

    private static List<String> row(final PhaseResult phase) {
        final Map<String, Double> cores = phase.cores();
        final StreamerMetricsSample.StreamerActivity streamer = phase.streamer();
        return List.of(
                phase.name(),
                phase.rate() > 0 ? String.format(Locale.ROOT, "%,.0f", phase.rate()) : "flat out",
                count(phase.counts().expected()),
                count(phase.counts().answered()),
                count(phase.counts().lost()),
                count(phase.counts().duplicates()),
                count(phase.deadLetters()),
                String.format(Locale.ROOT, "%.1f", phase.seconds()),
                String.format(Locale.ROOT, "%,.0f", phase.throughput()),
                Long.toString(phase.latency().p50()),
                Long.toString(phase.latency().p90()),
                Long.toString(phase.latency().p99()),
                Long.toString(phase.latency().max()),
                cores(cores, "streamer"),
                cores(cores, "broker"),
                cores(cores, "harness"),
                streamer == null ? "-" : String.format(Locale.ROOT, "%.0f", streamer.meanBatch()),
                streamer == null ? "-" : String.format(Locale.ROOT, "%.3f", streamer.inferenceMillisPerImage()),
                streamer == null ? "-" : String.format(Locale.ROOT, "%.0f", 100 * streamer.inferenceShare()),
                streamer == null ? "-" : String.format(Locale.ROOT, "%.2f", streamer.jitCores()));
    }

    private static String count(final long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String cores(final Map<String, Double> cores, final String name) {
        final Double value = cores.get(name);
        return value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
