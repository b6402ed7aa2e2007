package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernel against the plain one: the same sums in the same order, so equal bit for bit.
 * The build runs this class three times: at the CPU's preferred vector width, and with {@code
 * -Ddigitstream.vector.bits} at 256 and at 512 bits (model/pom.xml), so that both widths are tested on
 * any machine.
 */
class MatrixProductsTest {

    private static final int GATES = LstmWeights.GATES;
    private final Random random = new Random(11);
    private final MatrixProducts plain = new PlainMatrixProducts();
    private MatrixProducts vector;

    @BeforeEach
    void requireTheVectorApi() {
        assertThat(ModuleLayer.boot().findModule(MatrixProducts.VECTOR_MODULE))
                .as("the JVM runs with --add-modules " + MatrixProducts.VECTOR_MODULE + " (surefire passes it)")
                .isPresent();
        vector = new VectorMatrixProducts();
    }

    @Test
    void shouldUseTheWidthAskedForWhenTheBitsPropertyIsSet() {
        final String bits = System.getProperty(VectorMatrixProducts.BITS_PROPERTY);
        final int expected = bits == null ? FloatVector.SPECIES_PREFERRED.vectorBitSize() : Integer.parseInt(bits);

        assertThat(VectorMatrixProducts.SPECIES.vectorBitSize()).isEqualTo(expected);
        assertThat(vector.description()).contains(expected + "-bit vectors");
    }

    @Test
    void shouldBeTheFastestKernelWhenTheVectorApiIsThere() {
        assertThat(MatrixProducts.FASTEST).isInstanceOf(VectorMatrixProducts.class);
    }

    @Test
    void shouldEqualThePlainKernelForEveryNumberOfImages() {
        final float[][] weights = randomRows(200, GATES);
        // 1-13 images: whole tiles, padded tiles, and pairs of images left over (1, 2, 7, 8, 13).
        for (int images = 1; images <= 2 * VectorMatrixProducts.TILE_IMAGES + 1; images++) {
            for (final int[] widthAndFirstRow : new int[][] {{100, 0}, {100, 100}, {28, 0}}) {
                final int width = widthAndFirstRow[0];
                final int firstRow = widthAndFirstRow[1];
                final float[][] inputs = randomRows(images, width);
                final float[][] expected = randomRows(images, GATES);
                final float[][] actual = copy(expected);
                final float[][] actualPrepared = copy(expected);

                plain.multiplyAdd(inputs, width, weights, firstRow, expected, images);
                vector.multiplyAdd(inputs, width, weights, firstRow, actual, images);
                vector.multiplyAdd(inputs, vector.prepare(weights, firstRow, width), actualPrepared, images);

                assertThat(actual).as("%d images, width %d", images, width).isDeepEqualTo(expected);
                assertThat(actualPrepared)
                        .as("%d images, width %d, prepared weights", images, width)
                        .isDeepEqualTo(expected);
            }
        }
    }

    @Test
    void shouldEqualThePlainKernelWhenOneThreadComputesProductsOfDifferentSizesInTurn() {
        final float[][] weights = randomRows(200, GATES);
        // The thread's buffers grow and are reused: a larger product, then a smaller one, then a wider one.
        for (final int[] imagesAndWidth : new int[][] {{64, 100}, {9, 28}, {20, 200}, {64, 100}}) {
            final int images = imagesAndWidth[0];
            final int width = imagesAndWidth[1];
            final float[][] inputs = randomRows(images, width);
            final float[][] expected = randomRows(images, GATES);
            final float[][] actual = copy(expected);

            plain.multiplyAdd(inputs, width, weights, 0, expected, images);
            vector.multiplyAdd(inputs, vector.prepare(weights, 0, width), actual, images);

            assertThat(actual).as("%d images, width %d", images, width).isDeepEqualTo(expected);
        }
    }

    @Test
    void shouldEqualThePlainKernelForSparseRows() {
        final float[][] weights = randomRows(28, GATES);
        for (int count = 0; count <= 28; count++) {
            final int[] rows = new int[count + 3];
            final float[] values = new float[count + 3];
            for (int i = 0; i < count; i++) {
                rows[i] = random.nextInt(28);
                values[i] = random.nextFloat() * 2;
            }
            final float[] expected = randomRows(1, GATES)[0];
            final float[] actual = expected.clone();

            plain.multiplyAddRows(values.clone(), rows.clone(), count, weights, expected);
            vector.multiplyAddRows(values, rows, count, weights, actual);

            assertThat(actual).as("%d rows", count).isEqualTo(expected);
        }
    }

    @Test
    void shouldChangeTheGates() {
        final float[][] gates = new float[5][GATES];

        vector.multiplyAdd(randomRows(5, 100), 100, randomRows(100, GATES), 0, gates, 5);

        for (final float[] row : gates) {
            assertThat(row).doesNotContain(0f);
        }
    }

    private float[][] randomRows(final int rows, final int width) {
        final float[][] values = new float[rows][width];
        for (final float[] row : values) {
            for (int j = 0; j < width; j++) {
                row[j] = random.nextFloat() - 0.5f;
            }
        }
        return values;
    }

    private static float[][] copy(final float[][] rows) {
        final float[][] copy = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            copy[r] = rows[r].clone();
        }
        return copy;
    }
}
