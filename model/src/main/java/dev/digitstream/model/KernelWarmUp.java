package dev.digitstream.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs the fast path on synthetic images so that the JIT has compiled it before real images arrive.
 * A fresh JVM interprets the Vector API kernel, and runs it C1-compiled, many times slower than C2's
 * code. The streamer runs this only when asked ({@code digitstream.warm-up-images}): on 2 cores it was
 * measured not to shorten a new instance's climb to full speed, which is the JIT compiling the rest of
 * the data path (BENCHMARKS.md, "Warm start"). The speed does not depend on the weights, so a freshly
 * initialized {@link LstmNetwork} serves, and the warm-up can run while the application still starts,
 * before any model arrives. The batch sizes vary so that the whole tiles, the padded ones and the
 * one-image remainder are all compiled.
 */
public final class KernelWarmUp {

    /** Batch sizes cycled through: whole tiles and remainders of every kind. */
    private static final int[] BATCH_SIZES = {64, 64, 64, 37, 64, 64, 1, 64, 3, 64, 64, 20};
    /** The share of background pixels (byte 0) in the synthetic images, about MNIST's. */
    private static final double BACKGROUND_SHARE = 0.8;

    private KernelWarmUp() {}

    /** What a warm-up did. */
    public record Result(long images, Duration took) {}

    /** Classifies {@code images} synthetic images, in varied batches, on one thread. */
    public static Result run(final long images) {
        final long started = System.nanoTime();
        final Classifier classifier =
                new Classifier(LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 42)));
        final List<byte[]> pool = syntheticImages(BATCH_SIZES[0], new Random(42));
        long done = 0;
        for (int i = 0; done < images; i++) {
            final int batch = (int) Math.min(BATCH_SIZES[i % BATCH_SIZES.length], images - done);
            // An ArrayList, as the stream threads pass: C2 specializes the kernel on the list's class.
            classifier.classify(new ArrayList<>(pool.subList(0, batch)));
            done += batch;
        }
        return new Result(done, Duration.ofNanos(System.nanoTime() - started));
    }

    private static List<byte[]> syntheticImages(final int count, final Random random) {
        final List<byte[]> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final byte[] pixels = new byte[ImageSequences.PIXELS];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = random.nextDouble() < BACKGROUND_SHARE ? 0 : (byte) (1 + random.nextInt(255));
            }
            images.add(pixels);
        }
        return images;
    }
}
