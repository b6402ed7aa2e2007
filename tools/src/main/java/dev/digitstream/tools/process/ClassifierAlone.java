package dev.digitstream.tools.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitstream.mnist.MnistSource;
import dev.digitstream.tools.cli.ToolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The classifier alone, for the bench's baseline: JMH's {@code ClassifierBenchmark} from the benchmarks jar
 * (the fast path, one thread, one batch size, on MNIST test images), run as a child JVM on the same
 * machine in the same run, so that the streamer's flat-out rate can be stated as a multiple of it.
 */
public final class ClassifierAlone {

    /** The batch size the bench compares against: a flat-out streamer's batches are of this order. */
    public static final int BATCH = 256;

    /** The benchmark method for {@link #BATCH} ({@code ClassifierBenchmark.batch0256}). */
    private static final String BENCHMARK =
            String.format(Locale.ROOT, "dev.digitstream.benchmarks.ClassifierBenchmark.batch%04d", BATCH);

    private static final Duration LONGEST_RUN = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One measurement: JMH's mean and the half-width of its 99.9% confidence interval, images per second.
     */
    public record Score(double imagesPerSecond, double error) {}

    private ClassifierAlone() {}

    /**
     * Runs the benchmark (3 warm-up and 5 measured iterations of 2 s, one fork) and reads its score.
     *
     * @param mnistDir the directory with the MNIST files, whose test images the benchmark classifies
     */
    public static Score measure(
            final ChildProcesses children, final Path benchmarksJar, final Path mnistDir, final Path workDir) {
        final Path result = workDir.resolve("classifier-alone.json");
        final ChildProcesses.Child run = children.startJava(
                "classifier-alone",
                List.of(
                        "-jar",
                        benchmarksJar.toString(),
                        BENCHMARK,
                        "-p",
                        "path=fast",
                        "-f",
                        "1",
                        "-wi",
                        "3",
                        "-w",
                        "2",
                        "-i",
                        "5",
                        "-r",
                        "2",
                        "-rf",
                        "json",
                        "-rff",
                        result.toString()),
                Map.of(MnistSource.DATA_DIR_ENV, mnistDir.toString()));
        final int exit = children.awaitExit(run, LONGEST_RUN);
        if (exit != 0 || !Files.isRegularFile(result)) {
            throw new ToolException("The classifier benchmark failed (exit code " + exit + "); its log is " + run.log()
                    + "\n" + run.logTail(10));
        }
        try {
            return score(Files.readString(result));
        } catch (IOException e) {
            throw new ToolException("Cannot read " + result + ": " + e.getMessage(), e);
        }
    }

    /** The score in JMH's JSON result ({@code -rf json}) of a run of the one benchmark. */
    static Score score(final String jmhJson) {
        try {
            final JsonNode metric = JSON.readTree(jmhJson).path(0).path("primaryMetric");
            if (!metric.path("score").isNumber()
                    || !"ops/s".equals(metric.path("scoreUnit").asText())) {
                throw new ToolException("The classifier benchmark's result has no score in ops/s: " + jmhJson);
            }
            // The benchmark counts each image as one operation (@OperationsPerInvocation(256)).
            return new Score(
                    metric.path("score").asDouble(), metric.path("scoreError").asDouble(Double.NaN));
        } catch (IOException e) {
            throw new ToolException("The classifier benchmark's result is not JSON: " + e.getMessage(), e);
        }
    }
}
