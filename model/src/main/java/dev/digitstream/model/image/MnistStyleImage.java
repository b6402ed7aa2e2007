package dev.digitstream.model.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Turns a picture of one handwritten digit (any size, any colours) into a 28x28 image prepared the
 * way MNIST's were: grayscale, white ink on black, cropped to the ink, the longer side scaled to 20
 * pixels with anti-aliasing, then placed in a 28x28 field so that its centre of mass is at the centre.
 */
public final class MnistStyleImage {

    /** Width and height of the result, as MNIST's. */
    public static final int SIZE = 28;

    static final int BOX = 20;
    /** Ink fainter than this share of the darkest-to-lightest range is paper noise, not stroke. */
    private static final double NOISE_FLOOR = 0.15;

    private MnistStyleImage() {}

    /** Reads an image file (PNG, JPEG, GIF, BMP) and converts it; errors are one-line {@link ImageConversionException}s. */
    public static byte[] fromFile(final Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ImageConversionException("No such image file: " + file);
        }
        final BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new ImageConversionException("Cannot read image " + file + ": " + e.getMessage());
        }
        if (image == null) {
            throw new ImageConversionException("Not a readable image (PNG, JPEG, GIF or BMP): " + file);
        }
        return convert(image);
    }

    /** The 784 row-major pixel bytes (0 background, 255 ink) of the digit in the image. */
    public static byte[] convert(final BufferedImage image) {
        final double[][] ink = normalizedInk(grayOverWhite(image));
        final int[] box = inkBounds(ink);
        if (box == null) {
            throw new ImageConversionException(
                    "The image has no visible ink: draw a dark digit on light paper, or a light one on black");
        }
        final double[][] cropped = crop(ink, box);
        final int height = cropped.length;
        final int width = cropped[0].length;
        final double scale = (double) BOX / Math.max(width, height);
        final int scaledWidth = Math.max(1, (int) Math.round(width * scale));
        final int scaledHeight = Math.max(1, (int) Math.round(height * scale));
        final double[][] scaled = AreaAverage.resize(cropped, scaledWidth, scaledHeight);
        return toBytes(centreByMass(scaled));
    }

    /** Luminance 0 (black) to 255 (white), transparent areas shown over white paper. */
    private static double[][] grayOverWhite(final BufferedImage image) {
        final int width = image.getWidth();
        final int height = image.getHeight();
        final double[][] gray = new double[height][width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                final int argb = image.getRGB(x, y);
                final double alpha = (argb >>> 24) / 255.0;
                final double luminance =
                        0.299 * ((argb >> 16) & 0xFF) + 0.587 * ((argb >> 8) & 0xFF) + 0.114 * (argb & 0xFF);
                gray[y][x] = alpha * luminance + (1 - alpha) * 255;
            }
        }
        return gray;
    }

    /**
     * Ink strength 0-1: inverted when the paper (judged by the image border) is light, stretched so the
     * paper is 0 and the strongest stroke 1, with faint noise cut to 0.
     */
    private static double[][] normalizedInk(final double[][] gray) {
        final boolean lightPaper = borderMean(gray) > 127.5;
        final int height = gray.length;
        final int width = gray[0].length;
        final double[][] ink = new double[height][width];
        double paper = Double.MAX_VALUE;
        double strongest = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                ink[y][x] = lightPaper ? 255 - gray[y][x] : gray[y][x];
                paper = Math.min(paper, ink[y][x]);
                strongest = Math.max(strongest, ink[y][x]);
            }
        }
        final double range = strongest - paper;
        for (final double[] row : ink) {
            for (int x = 0; x < width; x++) {
                final double value = range < 1 ? 0 : (row[x] - paper) / range;
                row[x] = value < NOISE_FLOOR ? 0 : value;
            }
        }
        return ink;
    }

    private static double borderMean(final double[][] gray) {
        final int height = gray.length;
        final int width = gray[0].length;
        double sum = 0;
        int count = 0;
        for (int x = 0; x < width; x++) {
            sum += gray[0][x] + gray[height - 1][x];
            count += 2;
        }
        for (int y = 0; y < height; y++) {
            sum += gray[y][0] + gray[y][width - 1];
            count += 2;
        }
        return sum / count;
    }

    /** {top, left, bottom, right} inclusive, or null when there is no ink. */
    private static int[] inkBounds(final double[][] ink) {
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        int bottom = -1;
        int right = -1;
        for (int y = 0; y < ink.length; y++) {
            for (int x = 0; x < ink[y].length; x++) {
                if (ink[y][x] > 0) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        return bottom < 0 ? null : new int[] {top, left, bottom, right};
    }

    private static double[][] crop(final double[][] ink, final int[] box) {
        final double[][] cropped = new double[box[2] - box[0] + 1][];
        for (int y = 0; y < cropped.length; y++) {
            cropped[y] = Arrays.copyOfRange(ink[box[0] + y], box[1], box[3] + 1);
        }
        return cropped;
    }

    /** Places the digit in a SIZE x SIZE field with its centre of mass as near the centre as fits. */
    private static double[][] centreByMass(final double[][] digit) {
        final int height = digit.length;
        final int width = digit[0].length;
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                mass += digit[y][x];
                sumX += digit[y][x] * (x + 0.5);
                sumY += digit[y][x] * (y + 0.5);
            }
        }
        final int left = clamp((int) Math.round(SIZE / 2.0 - sumX / mass), 0, SIZE - width);
        final int top = clamp((int) Math.round(SIZE / 2.0 - sumY / mass), 0, SIZE - height);
        final double[][] field = new double[SIZE][SIZE];
        for (int y = 0; y < height; y++) {
            System.arraycopy(digit[y], 0, field[top + y], left, width);
        }
        return field;
    }

    /** Row-major bytes with the strongest pixel at 255, as in MNIST. */
    private static byte[] toBytes(final double[][] field) {
        double strongest = 0;
        for (final double[] row : field) {
            for (final double value : row) {
                strongest = Math.max(strongest, value);
            }
        }
        final byte[] pixels = new byte[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                pixels[y * SIZE + x] = (byte) Math.round(255 * field[y][x] / strongest);
            }
        }
        return pixels;
    }

    private static int clamp(final int value, final int min, final int max) {
        return Math.max(min, Math.min(max, value));
    }
}
