package dev.digitstream.benchmarks;

import dev.digitstream.model.Classifier;
import dev.digitstream.model.Hyperparameters;
import dev.digitstream.model.ImageSequences;
import dev.digitstream.model.LstmNetwork;
import dev.digitstream.model.Nd4jThreads;
import dev.digitstream.model.UpdaterKind;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The classifier's share of one core's FMA peak, measured in pairs of rounds. On a shared host the
 * speed of a core for vector code swings up to 2x within seconds (BENCHMARKS.md), more than any
 * difference between a JMH run of the classifier and one of {@link FmaPeakBenchmark} minutes apart;
 * here each round of the classifier is followed at once by a round of the peak loop, both in thread
 * CPU time on this thread, and the share is computed per pair:
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.digitstream.benchmarks.PeakShareRun [batch ...]}.
 *
 * <p>The classifier's FLOPs are those its matrix products execute: per step, 2 x 400 gate columns x
 * (the column's non-background pixels + the 100 hidden inputs of each recurrent and layer-2 product;
 * the first step has no recurrent products), counted on the images it classifies. The gate arithmetic
 * (12-15% of the time) is not counted: the share is a lower bound.
 */
public final class PeakShareRun {

    private static final int POOL = 4_096;
    private static final int PAIRS = 30;
    private static final long ROUND_NANOS = 500_000_000L;
    private static final int WARM_UP_ROUNDS = 8;
    private static final int GATES = 4 * LstmNetwork.HIDDEN;
    private static final int PEAK_ROUNDS_PER_CALL = 100_000;

    /** The peak loop's result, kept so that the JIT cannot drop the loop. */
    private static volatile float peakResult;

    private PeakShareRun() {}

    public static void main(final String[] args) {
        Nd4jThreads.configure(1);
        final int[] batches = args.length == 0
                ? new int[] {32, 256, 1024}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        final List<byte[]> pool = BenchmarkImages.load(POOL);
        final double flopsPerImage = productFlopsPerImage(pool);
        final Classifier classifier =
                new Classifier(LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 42)));
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(
                Locale.ROOT,
                "inputs: %s; %.2f MFLOP of products per image; peak loop: %d-bit vectors; %d pairs of %.1f s rounds%n",
                BenchmarkImages.source(),
                flopsPerImage / 1e6,
                FmaPeakBenchmark.SPECIES.vectorBitSize(),
                PAIRS,
                ROUND_NANOS / 1e9);
        System.out.println(
                "batch  share of peak: median [quartiles] (min-max)  classifier GFLOPS median  peak GFLOPS median");
        for (final int batch : batches) {
            for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                classifierGflops(classifier, pool, batch, flopsPerImage, threads);
                peakGflops(threads);
            }
            final double[] shares = new double[PAIRS];
            final double[] classifierRates = new double[PAIRS];
            final double[] peakRates = new double[PAIRS];
            for (int i = 0; i < PAIRS; i++) {
                classifierRates[i] = classifierGflops(classifier, pool, batch, flopsPerImage, threads);
                peakRates[i] = peakGflops(threads);
                shares[i] = classifierRates[i] / peakRates[i];
            }
            Arrays.sort(shares);
            Arrays.sort(classifierRates);
            Arrays.sort(peakRates);
            System.out.printf(
                    Locale.ROOT,
                    "%5d  %.0f%% [%.0f%%, %.0f%%] (%.0f%%-%.0f%%)  %.1f  %.1f%n",
                    batch,
                    100 * quantile(shares, 0.5),
                    100 * quantile(shares, 0.25),
                    100 * quantile(shares, 0.75),
                    100 * shares[0],
                    100 * shares[PAIRS - 1],
                    quantile(classifierRates, 0.5),
                    quantile(peakRates, 0.5));
        }
    }

    /** The products' FLOPs per image, averaged over the pool (see the class comment). */
    static double productFlopsPerImage(final List<byte[]> images) {
        long nonBackground = 0;
        for (final byte[] image : images) {
            for (final byte pixel : image) {
                if (pixel != 0) {
                    nonBackground++;
                }
            }
        }
        final int steps = ImageSequences.STEPS;
        final long hiddenProducts = (steps - 1) + steps + (steps - 1L);
        final double inputs = (double) nonBackground / images.size() + hiddenProducts * LstmNetwork.HIDDEN;
        return 2.0 * GATES * inputs;
    }

    private static double classifierGflops(
            final Classifier classifier,
            final List<byte[]> pool,
            final int batch,
            final double flopsPerImage,
            final ThreadMXBean threads) {
        final long cpuStart = threads.getCurrentThreadCpuTime();
        final long images = CpuTimeRun.classifyFor(classifier, pool, batch, ROUND_NANOS);
        return images * flopsPerImage / (threads.getCurrentThreadCpuTime() - cpuStart);
    }

    private static double peakGflops(final ThreadMXBean threads) {
        final float[] seeds = {0.999f, 1.0001f, 0.5f};
        final long start = System.nanoTime();
        final long cpuStart = threads.getCurrentThreadCpuTime();
        long fmas = 0;
        while (System.nanoTime() - start < ROUND_NANOS) {
            peakResult = FmaPeakBenchmark.fmaChains(seeds, PEAK_ROUNDS_PER_CALL);
            fmas += (long) FmaPeakBenchmark.CHAINS * PEAK_ROUNDS_PER_CALL;
        }
        final double flopsPerFma = 2.0 * FmaPeakBenchmark.SPECIES.length();
        return fmas * flopsPerFma / (threads.getCurrentThreadCpuTime() - cpuStart);
    }

    private static double quantile(final double[] sorted, final double q) {
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }
}
