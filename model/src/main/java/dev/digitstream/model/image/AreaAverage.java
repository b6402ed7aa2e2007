package dev.digitstream.model.image;

/**
 * Resizes a grayscale raster by averaging, for each target pixel, the source area it covers
 * (fractional pixels weighted by overlap): anti-aliased downscaling like MNIST's, plain
 * interpolation-free enlargement for tiny inputs.
 */
final class AreaAverage {

    private AreaAverage() {}

    static double[][] resize(final double[][] source, final int width, final int height) {
        final int sourceHeight = source.length;
        final int sourceWidth = source[0].length;
        final double[][] horizontal = new double[sourceHeight][width];
        for (int y = 0; y < sourceHeight; y++) {
            horizontal[y] = resample(source[y], width);
        }
        final double[][] result = new double[height][width];
        final double[] column = new double[sourceHeight];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < sourceHeight; y++) {
                column[y] = horizontal[y][x];
            }
            final double[] resized = resample(column, height);
            for (int y = 0; y < height; y++) {
                result[y][x] = resized[y];
            }
        }
        return result;
    }

    /** One line of samples resized to {@code length}, each output the mean of the input span it covers. */
    private static double[] resample(final double[] line, final int length) {
        final double step = (double) line.length / length;
        final double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            final double start = i * step;
            final double end = start + step;
            double sum = 0;
            for (int j = (int) Math.floor(start); j < Math.min(line.length, (int) Math.ceil(end)); j++) {
                final double overlap = Math.min(end, j + 1) - Math.max(start, j);
                sum += line[j] * overlap;
            }
            out[i] = sum / step;
        }
        return out;
    }
}
