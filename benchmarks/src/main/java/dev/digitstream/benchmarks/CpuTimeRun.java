package dev.digitstream.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.digitstream.model.Classifier;
import dev.digitstream.model.Hyperparameters;
import dev.digitstream.model.LstmNetwork;
import dev.digitstream.model.Nd4jThreads;
import dev.digitstream.model.UpdaterKind;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The same Classifier workloads as {@link ClassifierBenchmark}, measured in images per second of
 * process CPU time (every thread of the JVM: GC and ND4J's deallocator included) instead of wall
 * time. On a shared machine the wall-clock figures depend on how much of a core the process got;
 * CPU time does much less. A complement to the JMH figures, not a replacement:
 * {@code OMP_NUM_THREADS=1 java -cp benchmarks/target/benchmarks.jar dev.digitstream.benchmarks.CpuTimeRun [dl4j] [fast]}.
 */
public final class CpuTimeRun {

    private static final int[] BATCHES = {1, 32, 256, 1024};
    private static final long WARM_UP_NANOS = 4_000_000_000L;
    private static final long MEASURE_NANOS = 6_000_000_000L;
    private static final int POOL = 4_096;

    private CpuTimeRun() {}

    public static void main(final String[] args) {
        Nd4jThreads.configure(1);
        final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        final List<byte[]> pool = BenchmarkImages.load(POOL);
        final MultiLayerNetwork network = LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 42));
        System.out.println(
                "inputs: " + BenchmarkImages.source() + ", OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
        System.out.println("path  batch  images/CPU-s  images/wall-s  CPU share of one core");
        for (final String path : args.length > 0 ? List.of(args) : List.of("dl4j", "fast")) {
            final Classifier classifier =
                    "fast".equals(path) ? new Classifier(network.clone()) : Classifier.usingDl4jOutput(network.clone());
            for (final int batch : BATCHES) {
                run(classifier, pool, batch, WARM_UP_NANOS, os);
                final long[] measured = run(classifier, pool, batch, MEASURE_NANOS, os);
                final double cpuSeconds = measured[1] / 1e9;
                final double wallSeconds = measured[2] / 1e9;
                System.out.printf(
                        "%-5s %5d  %12.0f  %13.0f  %5.2f%n",
                        path, batch, measured[0] / cpuSeconds, measured[0] / wallSeconds, cpuSeconds / wallSeconds);
            }
            singleImageCpuLatency(path, classifier, pool);
        }
    }

    /** Returns images, process CPU nanoseconds and wall nanoseconds of classifying for {@code nanos}. */
    private static long[] run(
            final Classifier classifier,
            final List<byte[]> pool,
            final int batch,
            final long nanos,
            final OperatingSystemMXBean os) {
        final long cpuStart = os.getProcessCpuTime();
        final long start = System.nanoTime();
        final long images = classifyFor(classifier, pool, batch, nanos);
        return new long[] {images, os.getProcessCpuTime() - cpuStart, System.nanoTime() - start};
    }

    /** Classifies batches of {@code batch} images from the pool, in turn, for {@code nanos}; returns how many images. */
    static long classifyFor(final Classifier classifier, final List<byte[]> pool, final int batch, final long nanos) {
        final long start = System.nanoTime();
        long images = 0;
        int next = 0;
        while (System.nanoTime() - start < nanos) {
            if (next + batch > pool.size()) {
                next = 0;
            }
            classifier.classify(new ArrayList<>(pool.subList(next, next + batch)));
            next += batch;
            images += batch;
        }
        return images;
    }

    /** Thread CPU time of single-image calls: p50/p99 without the time the thread waited for a core. */
    private static void singleImageCpuLatency(final String path, final Classifier classifier, final List<byte[]> pool) {
        final var threads = ManagementFactory.getThreadMXBean();
        final int calls = "fast".equals(path) ? 20_000 : 2_000;
        final long[] cpuNanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            final long before = threads.getCurrentThreadCpuTime();
            classifier.classify(pool.get(i % POOL));
            cpuNanos[i] = threads.getCurrentThreadCpuTime() - before;
        }
        Arrays.sort(cpuNanos);
        System.out.printf(
                "%-5s batch 1, thread CPU time per call: p50 %.3f ms, p99 %.3f ms (%d calls)%n",
                path, cpuNanos[calls / 2] / 1e6, cpuNanos[calls * 99 / 100] / 1e6, calls);
    }
}
