package dev.digitstream.tools.process;

import java.util.HashMap;
import java.util.Map;

/**
 * The streamer's batch and inference counters at one moment, read from its Prometheus text
 * ({@code /actuator/prometheus}), with its JIT compilers' total time and the CPU time its process had
 * used; two samples give a phase's mean batch size, inference time per batch and per image, CPU cores
 * used, and how much of a core the JIT compilers took (a fresh JVM compiles for tens of seconds).
 */
public record StreamerMetricsSample(
        double batches,
        double batchedImages,
        double inferences,
        double inferenceSeconds,
        double jitSeconds,
        double cpuSeconds,
        long atNanos) {

    static final String BATCH_COUNT = "digitstream_batch_size_count";
    static final String BATCH_SUM = "digitstream_batch_size_sum";
    static final String INFERENCE_COUNT = "digitstream_inference_seconds_count";
    static final String INFERENCE_SUM = "digitstream_inference_seconds_sum";
    /** Micrometer's {@code jvm.compilation.time}, which Spring Boot registers. */
    static final String JIT_MILLIS = "jvm_compilation_time_ms_total";

    /** Parses Prometheus' text format, summing each metric over its label sets. */
    static StreamerMetricsSample parse(final String prometheusText, final double cpuSeconds, final long atNanos) {
        final Map<String, Double> sums = new HashMap<>();
        for (final String line : prometheusText.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            final int nameEnd = indexOfAny(line, '{', ' ');
            final int valueStart = line.lastIndexOf(' ');
            if (nameEnd <= 0 || valueStart <= 0) {
                continue;
            }
            try {
                sums.merge(line.substring(0, nameEnd), Double.parseDouble(line.substring(valueStart + 1)), Double::sum);
            } catch (NumberFormatException e) {
                // Not a sample line we need.
            }
        }
        return new StreamerMetricsSample(
                sums.getOrDefault(BATCH_COUNT, 0.0),
                sums.getOrDefault(BATCH_SUM, 0.0),
                sums.getOrDefault(INFERENCE_COUNT, 0.0),
                sums.getOrDefault(INFERENCE_SUM, 0.0),
                sums.getOrDefault(JIT_MILLIS, 0.0) / 1000,
                cpuSeconds,
                atNanos);
    }

    /** What happened between {@code earlier} and this sample. */
    public StreamerActivity since(final StreamerMetricsSample earlier) {
        final double batchCount = batches - earlier.batches;
        final double images = batchedImages - earlier.batchedImages;
        final double inferenceCount = inferences - earlier.inferences;
        final double inferenceMillis = (inferenceSeconds - earlier.inferenceSeconds) * 1000;
        final double wallSeconds = (atNanos - earlier.atNanos) / 1e9;
        return new StreamerActivity(
                batchCount > 0 ? images / batchCount : 0,
                inferenceCount > 0 ? inferenceMillis / inferenceCount : 0,
                images > 0 ? inferenceMillis / images : 0,
                wallSeconds > 0 ? (cpuSeconds - earlier.cpuSeconds) / wallSeconds : 0,
                wallSeconds > 0 ? inferenceMillis / 1000 / wallSeconds : 0,
                wallSeconds > 0 ? (jitSeconds - earlier.jitSeconds) / wallSeconds : 0);
    }

    private static int indexOfAny(final String line, final char a, final char b) {
        final int first = line.indexOf(a);
        final int second = line.indexOf(b);
        if (first < 0) {
            return second;
        }
        return second < 0 ? first : Math.min(first, second);
    }

    /**
     * A phase seen from inside the streamer: mean images per batch, inference milliseconds per batch and
     * per image, CPU cores its process used, the share of wall time spent classifying, and the cores its
     * JIT compilers used.
     */
    public record StreamerActivity(
            double meanBatch,
            double inferenceMillisPerBatch,
            double inferenceMillisPerImage,
            double cpuCores,
            double inferenceShare,
            double jitCores) {}
}
