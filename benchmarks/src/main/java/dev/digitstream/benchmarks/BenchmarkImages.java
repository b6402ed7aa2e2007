package dev.digitstream.benchmarks;

import dev.digitstream.mnist.MnistSource;
import dev.digitstream.model.ImageSequences;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The benchmark's input images: the MNIST test images when {@code DIGITS_MNIST_DIR} is set,
 * otherwise deterministic random pixels (the arithmetic, and so the speed, is the same).
 */
final class BenchmarkImages {

    static final String MNIST_DIR_ENV = MnistSource.DATA_DIR_ENV;

    private BenchmarkImages() {}

    /** {@code count} images of 784 row-major pixel bytes. */
    static List<byte[]> load(final int count) {
        final String directory = System.getenv(MNIST_DIR_ENV);
        return directory == null || directory.isBlank() ? random(count) : mnistTestImages(Path.of(directory), count);
    }

    /** Where the images come from, for the benchmark's log line. */
    static String source() {
        final String directory = System.getenv(MNIST_DIR_ENV);
        return directory == null || directory.isBlank()
                ? "random pixels (seed 42)"
                : "MNIST test images from " + directory;
    }

    private static List<byte[]> random(final int count) {
        final Random random = new Random(42);
        final List<byte[]> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final byte[] pixels = new byte[ImageSequences.PIXELS];
            random.nextBytes(pixels);
            images.add(pixels);
        }
        return images;
    }

    private static List<byte[]> mnistTestImages(final Path directory, final int count) {
        return MnistSource.directory(directory).test().limit(count).images();
    }
}
