package dev.digitstream.model;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The LSTM cell's step with the JDK's Vector API, image by image, in two short passes that stay in the L1
 * cache: the image's 400 gates activated in vectors ({@code tanh} for the block input, the sigmoid, as
 * {@code (1 + tanh(x / 2)) / 2}, for the others: one formula with per-column factors) into a row of work
 * space, then its 100 cells updated and outputs written. {@link PlainCellStep} makes six passes over the
 * whole chunk's arrays instead, which for a 64-image chunk (25 KB each) are passes over the L2 cache. The
 * arithmetic is {@link FastMath}'s, operation for operation, so the results are the same bit for bit.
 *
 * <p>The arithmetic is written out in one method on purpose (twice {@code tanh}'s polynomial): C2 keeps
 * vectors in registers only across calls it inlines, and it did not inline a helper as large as {@code
 * tanh} once the helper had been compiled on its own (the step then ran 40 times slower, every vector a
 * heap object). The vectors are {@link
 * VectorMatrixProducts#SPECIES}' (the CPU's preferred width, or the one the tests set); 400 gates are whole
 * vectors at every width, and the units a row's 100 leave over (4 with AVX2 and AVX-512) are computed as
 * part of the row's last whole vector, which overlaps the one before it (one at a time they took as long
 * as the rest of the step).
 */
final class VectorCellStep implements CellStep {

    private static final VectorSpecies<Float> SPECIES = VectorMatrixProducts.SPECIES;
    private static final int LANES = SPECIES.length();
    private static final int HIDDEN = LstmNetwork.HIDDEN;
    private static final int GATES = LstmWeights.GATES;
    /** The units of a row after the whole vectors (4 of 100 with 8 or 16 lanes), and those before. */
    private static final int REMAINDER = HIDDEN % LANES;

    private static final int VECTOR_UNITS = HIDDEN - REMAINDER;

    /**
     * Per gate column, the factor on the pre-activation and on its {@code tanh}, and the term added: 1 and -0
     * for the block input ({@code tanh(x * 1) * 1 + -0} is {@code tanh(x)}, zeros' signs included), 0.5 and
     * 0.5 for the sigmoid gates.
     */
    private static final float[] FACTOR = perBlock(1f, 0.5f);

    private static final float[] TERM = perBlock(-0f, 0.5f);

    /** One image's activated gates, in the gate row's layout. */
    private final float[] activated = new float[GATES];
    /** The row's last vector of cells and outputs, before the units after the whole vectors are copied in. */
    private final float[] lastCells = new float[LANES];

    private final float[] lastOutputs = new float[LANES];

    static {
        if (GATES % LANES != 0) {
            throw new ExceptionInInitializerError(GATES + " gates are not whole " + LANES + "-lane vectors");
        }
    }

    @Override
    public void apply(final float[][] gateRows, final int rows, final float[] cells, final float[][] outputRows) {
        final float[] act = activated;
        for (int r = 0; r < rows; r++) {
            final float[] gates = gateRows[r];
            for (int column = 0; column < GATES; column += LANES) {
                final FloatVector factor = FloatVector.fromArray(SPECIES, FACTOR, column);
                final FloatVector x =
                        clamp(FloatVector.fromArray(SPECIES, gates, column).mul(factor));
                final FloatVector x2 = x.mul(x);
                FloatVector p = x2.fma(FastMath.P13, FastMath.P11);
                p = x2.lanewise(VectorOperators.FMA, p, FastMath.P9);
                p = x2.lanewise(VectorOperators.FMA, p, FastMath.P7);
                p = x2.lanewise(VectorOperators.FMA, p, FastMath.P5);
                p = x2.lanewise(VectorOperators.FMA, p, FastMath.P3);
                p = x2.lanewise(VectorOperators.FMA, p, FastMath.P1);
                FloatVector q = x2.fma(FastMath.Q6, FastMath.Q4);
                q = x2.lanewise(VectorOperators.FMA, q, FastMath.Q2);
                q = x2.lanewise(VectorOperators.FMA, q, FastMath.Q0);
                x.mul(p)
                        .div(q)
                        .fma(factor, FloatVector.fromArray(SPECIES, TERM, column))
                        .intoArray(act, column);
            }
            final float[] outputs = outputRows[r];
            final int cellOffset = r * HIDDEN;
            // The units after the whole vectors go first, as the row's last vector, into work space: the
            // loop then overwrites the cells it reads, and their results are copied in after it.
            for (int v = REMAINDER == 0 ? 0 : -1; v < VECTOR_UNITS / LANES; v++) {
                final int unit = v < 0 ? HIDDEN - LANES : v * LANES;
                final FloatVector forget = FloatVector.fromArray(SPECIES, act, HIDDEN + unit);
                final FloatVector input = FloatVector.fromArray(SPECIES, act, 3 * HIDDEN + unit);
                final FloatVector block = FloatVector.fromArray(SPECIES, act, unit);
                final FloatVector cell =
                        forget.fma(FloatVector.fromArray(SPECIES, cells, cellOffset + unit), input.mul(block));
                final FloatVector x = clamp(cell);
                final FloatVector x2 = x.mul(x);
                FloatVector p = x2.fma(FastMath.P13, FastMath.P11);
                p = x2.lanewise(VectorOperators.FMA, p, FastMath.P9);
                p = x2.lanewise(VectorOperators.FMA, p, FastMath.P7);
                p = x2.lanewise(VectorOperators.FMA, p, FastMath.P5);
                p = x2.lanewise(VectorOperators.FMA, p, FastMath.P3);
                p = x2.lanewise(VectorOperators.FMA, p, FastMath.P1);
                FloatVector q = x2.fma(FastMath.Q6, FastMath.Q4);
                q = x2.lanewise(VectorOperators.FMA, q, FastMath.Q2);
                q = x2.lanewise(VectorOperators.FMA, q, FastMath.Q0);
                final FloatVector output = FloatVector.fromArray(SPECIES, act, 2 * HIDDEN + unit)
                        .mul(x.mul(p).div(q));
                if (v < 0) {
                    cell.intoArray(lastCells, 0);
                    output.intoArray(lastOutputs, 0);
                } else {
                    cell.intoArray(cells, cellOffset + unit);
                    output.intoArray(outputs, unit);
                }
            }
            System.arraycopy(lastCells, LANES - REMAINDER, cells, cellOffset + VECTOR_UNITS, REMAINDER);
            System.arraycopy(lastOutputs, LANES - REMAINDER, outputs, VECTOR_UNITS, REMAINDER);
        }
    }

    /**
     * {@code Math.max(Math.min(v, TANH_CLAMP), -TANH_CLAMP)} lane by lane, for every input (a NaN stays NaN),
     * with a compare and a blend per bound: the Vector API's {@code min} and {@code max}, which keep Java's
     * rules for zeros and NaN with more blends, left the step no faster than the plain one (small enough for
     * C2 to inline).
     */
    private static FloatVector clamp(final FloatVector v) {
        final FloatVector upper = v.blend(FastMath.TANH_CLAMP, v.compare(VectorOperators.GT, FastMath.TANH_CLAMP));
        return upper.blend(-FastMath.TANH_CLAMP, upper.compare(VectorOperators.LT, -FastMath.TANH_CLAMP));
    }

    private static float[] perBlock(final float blockInput, final float sigmoidGates) {
        final float[] values = new float[GATES];
        Arrays.fill(values, 0, HIDDEN, blockInput);
        Arrays.fill(values, HIDDEN, GATES, sigmoidGates);
        return values;
    }
}
