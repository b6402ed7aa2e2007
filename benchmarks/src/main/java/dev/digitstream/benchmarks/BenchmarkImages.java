package dev.digitstream.benchmarks;

import dev.digitstream.model.ImageSequences;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The benchmark's input images: the MNIST test images when {@code DIGITS_MNIST_DIR} is set,
 * otherwise deterministic random pixels (the arithmetic, and so the speed, is the same).
 */
final class BenchmarkImages {

    static final String MNIST_DIR_ENV = "DIGITS_MNIST_DIR";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    private static final int IDX_IMAGES_MAGIC = 0x803;

    private BenchmarkImages() {
    }

    /** {@code count} images of 784 row-major pixel bytes. */
    static List<byte[]> load(final int count) {
        final String directory = System.getenv(MNIST_DIR_ENV);
        return directory == null || directory.isBlank()
                ? random(count)
                : mnistTestImages(Path.of(directory).resolve(TEST_IMAGES), count);
    }

    /** Where the images come from, for the benchmark's log line. */
    static String source() {
        final String directory = System.getenv(MNIST_DIR_ENV);
        return directory == null || directory.isBlank() ? "random pixels (seed 42)" : "MNIST test images from " + directory;
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

    private static List<byte[]> mnistTestImages(final Path file, final int count) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != IDX_IMAGES_MAGIC || in.readInt() < count
                    || in.readInt() != ImageSequences.ROWS || in.readInt() != ImageSequences.COLUMNS) {
                throw new IllegalStateException(file + " is not an IDX file of at least " + count + " 28x28 images");
            }
            final List<byte[]> images = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                final byte[] pixels = new byte[ImageSequences.PIXELS];
                in.readFully(pixels);
                images.add(pixels);
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
