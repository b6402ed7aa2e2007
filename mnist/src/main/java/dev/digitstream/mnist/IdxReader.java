package dev.digitstream.mnist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Parses MNIST's IDX files, gzipped or raw: {@code 0x00000801} label files and {@code 0x00000803}
 * image files of 28x28 unsigned bytes. Every problem is a {@link MnistException} naming the file.
 */
public final class IdxReader {

    static final int LABELS_MAGIC = 0x00000801;
    static final int IMAGES_MAGIC = 0x00000803;
    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;

    private IdxReader() {}

    /** The file's content, decompressed when it starts with the gzip magic bytes. */
    public static byte[] readContent(final Path file) {
        final byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MnistException("MNIST file " + file + " does not exist");
        } catch (IOException e) {
            throw new MnistException("Cannot read MNIST file " + file + ": " + e.getMessage(), e);
        }
        return isGzip(raw) ? gunzip(raw, file) : raw;
    }

    /** The labels of a label file. */
    public static byte[] readLabels(final Path file) {
        return parseLabels(readContent(file), file);
    }

    /** The images of an image file, each 784 row-major bytes. */
    public static List<byte[]> readImages(final Path file) {
        return parseImages(readContent(file), file);
    }

    static byte[] parseLabels(final byte[] content, final Path file) {
        final ByteBuffer buffer = header(content, file, LABELS_MAGIC, 8);
        final int count = buffer.getInt();
        requireLength(content, file, 8L + count);
        final byte[] labels = new byte[count];
        buffer.get(labels);
        for (final byte label : labels) {
            if (label < 0 || label > 9) {
                throw new MnistException("MNIST file " + file + " has a label " + label + " outside 0-9");
            }
        }
        return labels;
    }

    static List<byte[]> parseImages(final byte[] content, final Path file) {
        final ByteBuffer buffer = header(content, file, IMAGES_MAGIC, 16);
        final int count = buffer.getInt();
        final int rows = buffer.getInt();
        final int columns = buffer.getInt();
        if (rows != SIDE || columns != SIDE) {
            throw new MnistException(
                    "MNIST file " + file + " has " + rows + "x" + columns + " images, expected " + SIDE + "x" + SIDE);
        }
        requireLength(content, file, 16L + (long) count * PIXELS);
        final List<byte[]> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final byte[] image = new byte[PIXELS];
            buffer.get(image);
            images.add(image);
        }
        return images;
    }

    private static ByteBuffer header(final byte[] content, final Path file, final int magic, final int headerBytes) {
        final ByteBuffer buffer = ByteBuffer.wrap(content);
        if (content.length >= Integer.BYTES) {
            final int actual = buffer.getInt();
            if (actual != magic) {
                throw new MnistException(String.format(
                        "MNIST file %s is not an IDX %s file: magic number 0x%08x, expected 0x%08x",
                        file, magic == LABELS_MAGIC ? "label" : "image", actual, magic));
            }
        }
        if (content.length < headerBytes) {
            throw new MnistException("MNIST file " + file + " is truncated: " + content.length
                    + " bytes, shorter than its " + headerBytes + "-byte IDX header");
        }
        return buffer;
    }

    private static void requireLength(final byte[] content, final Path file, final long expected) {
        if (content.length != expected) {
            throw new MnistException(
                    "MNIST file " + file + " is " + (content.length < expected ? "truncated" : "too long") + ": "
                            + content.length + " bytes, its header announces " + expected);
        }
    }

    private static boolean isGzip(final byte[] raw) {
        return raw.length >= 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B;
    }

    private static byte[] gunzip(final byte[] raw, final Path file) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new MnistException("MNIST file " + file + " is not a valid gzip file: " + e.getMessage(), e);
        }
    }
}
