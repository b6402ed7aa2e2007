package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused Vector API cell step against the plain one: the same operations, so equal bit for bit. The
 * build runs this class at the CPU's preferred vector width and again at 256 and 512 bits (model/pom.xml).
 */
class CellStepTest {

    private static final int HIDDEN = LstmNetwork.HIDDEN;
    private static final int GATES = LstmWeights.GATES;
    private final Random random = new Random(7);

    @Test
    void shouldBeTheVectorStepWhenTheVectorApiIsThere() {
        assertThat(CellStep.fastest(LstmInference.CHUNK)).isInstanceOf(VectorCellStep.class);
    }

    @Test
    void shouldEqualThePlainStepBitForBitWhenGivenAnyNumberOfImages() {
        for (final int rows : new int[] {1, 2, 5, 6, 7, 64}) {
            final float[][] gates = gateRows(rows);
            final float[] expectedCells = values(rows * HIDDEN, 3f);
            final float[] actualCells = expectedCells.clone();
            final float[][] expectedOutputs = new float[rows][HIDDEN];
            final float[][] actualOutputs = new float[rows][HIDDEN];

            new PlainCellStep(rows).apply(gates, rows, expectedCells, expectedOutputs);
            new VectorCellStep().apply(gates, rows, actualCells, actualOutputs);

            assertThat(actualCells).as("cells of %d images", rows).isEqualTo(expectedCells);
            for (int r = 0; r < rows; r++) {
                // Row by row: a float array's equality compares bits, so a NaN equals a NaN.
                assertThat(actualOutputs[r])
                        .as("outputs of image %d of %d", r, rows)
                        .isEqualTo(expectedOutputs[r]);
            }
        }
    }

    @Test
    void shouldLeaveRowsBeyondTheCountAsTheyWereWhenGivenFewerImages() {
        final float[][] gates = gateRows(3);
        final float[] cells = values(3 * HIDDEN, 1f);
        final float[][] outputs = new float[3][HIDDEN];
        final float[] lastCells = Arrays.copyOfRange(cells, 2 * HIDDEN, 3 * HIDDEN);

        new VectorCellStep().apply(gates, 2, cells, outputs);

        assertThat(Arrays.copyOfRange(cells, 2 * HIDDEN, 3 * HIDDEN)).isEqualTo(lastCells);
        assertThat(outputs[2]).containsOnly(0f);
        assertThat(outputs[1]).isNotEqualTo(new float[HIDDEN]);
    }

    /**
     * Gate pre-activations across the clamp of tanh (7.9) and sigmoid (15.8), with exact zeros of both signs,
     * values on the clamp itself, infinities and a NaN.
     */
    private float[][] gateRows(final int rows) {
        final float[][] gates = new float[rows][];
        for (int r = 0; r < rows; r++) {
            gates[r] = values(GATES, 20f);
            gates[r][r % GATES] = 0f;
            gates[r][(r + 101) % GATES] = -0f;
            gates[r][(r + 202) % GATES] = FastMath.TANH_CLAMP;
            gates[r][(r + 303) % GATES] = -2 * FastMath.TANH_CLAMP;
            gates[r][(r + 150) % GATES] = Float.POSITIVE_INFINITY;
            gates[r][(r + 250) % GATES] = Float.NEGATIVE_INFINITY;
            gates[r][(r + 350) % GATES] = Float.NaN;
        }
        return gates;
    }

    private float[] values(final int count, final float range) {
        final float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (random.nextFloat() * 2 - 1) * range;
        }
        return values;
    }
}
