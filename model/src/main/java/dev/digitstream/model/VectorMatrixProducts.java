package dev.digitstream.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix products with the JDK's Vector API ({@code jdk.incubator.vector}), register-tiled:
 * a tile of 4 images x 80 gate columns (20 vectors of 16 floats) stays in registers while the
 * products run over every input, so each gate value is loaded and stored once per product instead
 * of once per four inputs, and each weight vector loaded serves four images. That is 20 of the 32
 * AVX-512 registers; the tile would not fit in AVX2's 16, so this runs only on CPUs whose preferred
 * vectors are 512 bits. Measured at ~96 GFLOPS against ~80 for {@link PlainMatrixProducts} on the
 * development machine (Zen 4, 64 x 100 x 400 products). Images left over after groups of four go
 * through the plain kernel's one-image loop.
 */
final class VectorMatrixProducts implements MatrixProducts {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;
    private static final int LANES = 16;
    private static final int TILE_COLUMNS = 5 * LANES;
    private static final int GATES = LstmWeights.GATES;

    static {
        if (SPECIES.length() != LANES || GATES % TILE_COLUMNS != 0) {
            throw new ExceptionInInitializerError("The tiles do not fit " + GATES + " gate columns");
        }
    }

    static boolean isSupportedByThisCpu() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= SPECIES.vectorBitSize();
    }

    @Override
    public void multiplyAdd(
            final float[][] inputs,
            final int width,
            final float[][] weights,
            final int firstRow,
            final float[][] gates,
            final int rows) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            for (int column = 0; column < GATES; column += TILE_COLUMNS) {
                tile4(
                        inputs[r],
                        inputs[r + 1],
                        inputs[r + 2],
                        inputs[r + 3],
                        width,
                        weights,
                        firstRow,
                        gates[r],
                        gates[r + 1],
                        gates[r + 2],
                        gates[r + 3],
                        column);
            }
        }
        for (; r < rows; r++) {
            // With one image there is no weight vector to share: a 1-image tile's five accumulators are
            // five dependent FMA chains (latency-bound), and the plain loop was ~10% faster at batch 1.
            PlainMatrixProducts.multiplyAdd1(inputs[r], width, weights, firstRow, gates[r]);
        }
    }

    @Override
    public void multiplyAddRows(
            final float[] values, final int[] rows, final int count, final float[][] weights, final float[] gates) {
        for (int column = 0; column < GATES; column += TILE_COLUMNS) {
            FloatVector g0 = FloatVector.fromArray(SPECIES, gates, column);
            FloatVector g1 = FloatVector.fromArray(SPECIES, gates, column + LANES);
            FloatVector g2 = FloatVector.fromArray(SPECIES, gates, column + 2 * LANES);
            FloatVector g3 = FloatVector.fromArray(SPECIES, gates, column + 3 * LANES);
            FloatVector g4 = FloatVector.fromArray(SPECIES, gates, column + 4 * LANES);
            for (int i = 0; i < count; i++) {
                final float[] w = weights[rows[i]];
                final FloatVector a = FloatVector.broadcast(SPECIES, values[i]);
                g0 = FloatVector.fromArray(SPECIES, w, column).fma(a, g0);
                g1 = FloatVector.fromArray(SPECIES, w, column + LANES).fma(a, g1);
                g2 = FloatVector.fromArray(SPECIES, w, column + 2 * LANES).fma(a, g2);
                g3 = FloatVector.fromArray(SPECIES, w, column + 3 * LANES).fma(a, g3);
                g4 = FloatVector.fromArray(SPECIES, w, column + 4 * LANES).fma(a, g4);
            }
            g0.intoArray(gates, column);
            g1.intoArray(gates, column + LANES);
            g2.intoArray(gates, column + 2 * LANES);
            g3.intoArray(gates, column + 3 * LANES);
            g4.intoArray(gates, column + 4 * LANES);
        }
    }

    @Override
    public String description() {
        return "Vector API, " + SPECIES.vectorBitSize() + "-bit vectors, register-tiled";
    }

    /** Four images' 80 gate columns from {@code column}: 20 accumulators, written out once at the end. */
    private static void tile4(
            final float[] in0,
            final float[] in1,
            final float[] in2,
            final float[] in3,
            final int width,
            final float[][] weights,
            final int firstRow,
            final float[] g0,
            final float[] g1,
            final float[] g2,
            final float[] g3,
            final int column) {
        final int c0 = column;
        final int c1 = column + LANES;
        final int c2 = column + 2 * LANES;
        final int c3 = column + 3 * LANES;
        final int c4 = column + 4 * LANES;
        FloatVector s00 = FloatVector.fromArray(SPECIES, g0, c0);
        FloatVector s01 = FloatVector.fromArray(SPECIES, g0, c1);
        FloatVector s02 = FloatVector.fromArray(SPECIES, g0, c2);
        FloatVector s03 = FloatVector.fromArray(SPECIES, g0, c3);
        FloatVector s04 = FloatVector.fromArray(SPECIES, g0, c4);
        FloatVector s10 = FloatVector.fromArray(SPECIES, g1, c0);
        FloatVector s11 = FloatVector.fromArray(SPECIES, g1, c1);
        FloatVector s12 = FloatVector.fromArray(SPECIES, g1, c2);
        FloatVector s13 = FloatVector.fromArray(SPECIES, g1, c3);
        FloatVector s14 = FloatVector.fromArray(SPECIES, g1, c4);
        FloatVector s20 = FloatVector.fromArray(SPECIES, g2, c0);
        FloatVector s21 = FloatVector.fromArray(SPECIES, g2, c1);
        FloatVector s22 = FloatVector.fromArray(SPECIES, g2, c2);
        FloatVector s23 = FloatVector.fromArray(SPECIES, g2, c3);
        FloatVector s24 = FloatVector.fromArray(SPECIES, g2, c4);
        FloatVector s30 = FloatVector.fromArray(SPECIES, g3, c0);
        FloatVector s31 = FloatVector.fromArray(SPECIES, g3, c1);
        FloatVector s32 = FloatVector.fromArray(SPECIES, g3, c2);
        FloatVector s33 = FloatVector.fromArray(SPECIES, g3, c3);
        FloatVector s34 = FloatVector.fromArray(SPECIES, g3, c4);
        for (int k = 0; k < width; k++) {
            final float[] row = weights[firstRow + k];
            final FloatVector w0 = FloatVector.fromArray(SPECIES, row, c0);
            final FloatVector w1 = FloatVector.fromArray(SPECIES, row, c1);
            final FloatVector w2 = FloatVector.fromArray(SPECIES, row, c2);
            final FloatVector w3 = FloatVector.fromArray(SPECIES, row, c3);
            final FloatVector w4 = FloatVector.fromArray(SPECIES, row, c4);
            FloatVector a = FloatVector.broadcast(SPECIES, in0[k]);
            s00 = w0.fma(a, s00);
            s01 = w1.fma(a, s01);
            s02 = w2.fma(a, s02);
            s03 = w3.fma(a, s03);
            s04 = w4.fma(a, s04);
            a = FloatVector.broadcast(SPECIES, in1[k]);
            s10 = w0.fma(a, s10);
            s11 = w1.fma(a, s11);
            s12 = w2.fma(a, s12);
            s13 = w3.fma(a, s13);
            s14 = w4.fma(a, s14);
            a = FloatVector.broadcast(SPECIES, in2[k]);
            s20 = w0.fma(a, s20);
            s21 = w1.fma(a, s21);
            s22 = w2.fma(a, s22);
            s23 = w3.fma(a, s23);
            s24 = w4.fma(a, s24);
            a = FloatVector.broadcast(SPECIES, in3[k]);
            s30 = w0.fma(a, s30);
            s31 = w1.fma(a, s31);
            s32 = w2.fma(a, s32);
            s33 = w3.fma(a, s33);
            s34 = w4.fma(a, s34);
        }
        s00.intoArray(g0, c0);
        s01.intoArray(g0, c1);
        s02.intoArray(g0, c2);
        s03.intoArray(g0, c3);
        s04.intoArray(g0, c4);
        s10.intoArray(g1, c0);
        s11.intoArray(g1, c1);
        s12.intoArray(g1, c2);
        s13.intoArray(g1, c3);
        s14.intoArray(g1, c4);
        s20.intoArray(g2, c0);
        s21.intoArray(g2, c1);
        s22.intoArray(g2, c2);
        s23.intoArray(g2, c3);
        s24.intoArray(g2, c4);
        s30.intoArray(g3, c0);
        s31.intoArray(g3, c1);
        s32.intoArray(g3, c2);
        s33.intoArray(g3, c3);
        s34.intoArray(g3, c4);
    }
}
