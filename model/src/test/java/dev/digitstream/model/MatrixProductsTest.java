package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Vector API kernel against the plain one: the same sums in the same order, so equal bit for bit. */
class MatrixProductsTest {

    private static final int GATES = LstmWeights.GATES;
    private final Random random = new Random(11);
    private final MatrixProducts plain = new PlainMatrixProducts();
    private MatrixProducts vector;

    @BeforeEach
    void requireTheVectorApi() {
        assumeTrue(
                ModuleLayer.boot().findModule(MatrixProducts.VECTOR_MODULE).isPresent(),
                "the JVM runs without --add-modules jdk.incubator.vector (surefire passes it)");
        assumeTrue(VectorMatrixProducts.isSupportedByThisCpu(), "this CPU has no 512-bit vectors");
        vector = new VectorMatrixProducts();
    }

    @Test
    void shouldEqualThePlainKernelForEveryNumberOfImages() {
        final float[][] weights = randomRows(200, GATES);
        for (int images = 1; images <= 9; images++) {
            for (final int[] widthAndFirstRow : new int[][] {{100, 0}, {100, 100}, {28, 0}}) {
                final float[][] inputs = randomRows(images, widthAndFirstRow[0]);
                final float[][] expected = randomRows(images, GATES);
                final float[][] actual = copy(expected);

                plain.multiplyAdd(inputs, widthAndFirstRow[0], weights, widthAndFirstRow[1], expected, images);
                vector.multiplyAdd(inputs, widthAndFirstRow[0], weights, widthAndFirstRow[1], actual, images);

                assertThat(actual)
                        .as("%d images, width %d", images, widthAndFirstRow[0])
                        .isDeepEqualTo(expected);
            }
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
