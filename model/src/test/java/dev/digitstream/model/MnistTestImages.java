package dev.digitstream.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The shared MNIST IDX files for model tests ({@code $DIGITS_MNIST_DIR}, else {@code ../shared/data/mnist}
 * next to the repository root), read with a few lines here because model must not depend on the
 * trainer's reader. Tests never download.
 */
final class MnistTestImages {

    private MnistTestImages() {
    }

    /** The first {@code count} test images, 784 row-major bytes each. */
    static List<byte[]> testImages(final int count) {
        return images("t10k-images-idx3-ubyte.gz", count);
    }

    /** The first {@code count} training images, 784 row-major bytes each. */
    static List<byte[]> trainingImages(final int count) {
        return images("train-images-idx3-ubyte.gz", count);
    }

    /** The first {@code count} training labels. */
    static byte[] trainingLabels(final int count) {
        try (DataInputStream in = open("train-labels-idx1-ubyte.gz", 0x801)) {
            in.readInt();
            final byte[] labels = new byte[count];
            in.readFully(labels);
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<byte[]> images(final String file, final int count) {
        try (DataInputStream in = open(file, 0x803)) {
            final int available = in.readInt();
            if (in.readInt() != ImageSequences.ROWS || in.readInt() != ImageSequences.COLUMNS || available < count) {
                throw new IllegalStateException(file + " does not hold " + count + " 28x28 images");
            }
            final List<byte[]> images = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                final byte[] pixels = new byte[ImageSequences.PIXELS];
                in.readFully(pixels);
                images.add(pixels);
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataInputStream open(final String file, final int magic) throws IOException {
        final InputStream raw = Files.newInputStream(directory().resolve(file));
        final DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16));
        if (in.readInt() != magic) {
            in.close();
            throw new IllegalStateException(file + " is not an IDX file with magic " + Integer.toHexString(magic));
        }
        return in;
    }

    private static Path directory() {
        final String fromEnvironment = System.getenv("DIGITS_MNIST_DIR");
        final Path directory = fromEnvironment != null && !fromEnvironment.isBlank()
                ? Path.of(fromEnvironment)
                // Tests run in the module directory; the repository root is its parent.
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data/mnist").normalize();
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("MNIST test data not found at " + directory + ": set DIGITS_MNIST_DIR");
        }
        return directory;
    }
}
