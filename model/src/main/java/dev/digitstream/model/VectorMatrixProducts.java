package dev.digitstream.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix products with the JDK's Vector API ({@code jdk.incubator.vector}), register-tiled, for
 * any vector width: the vectors are the CPU's preferred ones ({@link FloatVector#SPECIES_PREFERRED}:
 * 256 bits on AVX2, 512 on AVX-512). A tile of images x gate columns stays in registers while the
 * product runs over every input, so each gate value is loaded and stored once per product, and each
 * weight vector loaded serves every image of the tile. The tile is chosen from the width, to fit the
 * registers: with 16-lane vectors (AVX-512's 32 registers) 4 images x 5 vectors, 20 accumulators, the
 * tile measured at ~96 GFLOPS on Zen 4; with narrower ones (AVX2's 16 registers) 6 images x 2 vectors,
 * 12 accumulators, 2 weight vectors and a broadcast.
 *
 * <p>Images left over after whole tiles go through the plain kernel, whose 4-image and 1-image loops
 * compute the same sums in the same order: a tile padded with repeated images wastes a third or more
 * of its work, and measured slower than those loops.
 *
 * <p>{@code -Ddigitstream.vector.bits=256} (or 128, 512) sets the width instead of the preferred one:
 * the tests run the kernel at both widths on any machine this way (a width the CPU lacks runs
 * correctly, but slowly, in the Vector API's Java fallback).
 */
final class VectorMatrixProducts implements MatrixProducts {

    /** The system property that sets the vector width in bits; the CPU's preferred width without it. */
    static final String BITS_PROPERTY = "digitstream.vector.bits";

    static final VectorSpecies<Float> SPECIES = species(System.getProperty(BITS_PROPERTY));

    private static final int LANES = SPECIES.length();
    /** Tiles of 4 images x 5 vectors where the vectors have 16 lanes (AVX-512), of 6 x 2 otherwise. */
    static final boolean WIDE = LANES >= 16;
    /** Images per tile. */
    static final int TILE_IMAGES = WIDE ? 4 : 6;

    private static final int GATES = LstmWeights.GATES;
    /** Gate columns in five vectors: a wide tile's, and a pass of {@link #multiplyAddRows} (5 accumulators). */
    private static final int FIVE_VECTOR_COLUMNS = 5 * LANES;
    /** Gate columns in a tile of two vectors. */
    private static final int TILE_COLUMNS = 2 * LANES;

    static {
        final int tileColumns = WIDE ? FIVE_VECTOR_COLUMNS : TILE_COLUMNS;
        if (GATES % tileColumns != 0 || GATES % FIVE_VECTOR_COLUMNS != 0) {
            throw new ExceptionInInitializerError(
                    GATES + " gate columns are not whole " + tileColumns + "-column tiles");
        }
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
        for (; r + TILE_IMAGES <= rows; r += TILE_IMAGES) {
            if (WIDE) {
                for (int column = 0; column < GATES; column += FIVE_VECTOR_COLUMNS) {
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
            } else {
                tiles(inputs, gates, r, width, weights, firstRow);
            }
        }
        PlainMatrixProducts.multiplyAdd(inputs, width, weights, firstRow, gates, r, rows);
    }

    @Override
    public void multiplyAddRows(
            final float[] values, final int[] rows, final int count, final float[][] weights, final float[] gates) {
        for (int column = 0; column < GATES; column += FIVE_VECTOR_COLUMNS) {
            final int c1 = column + LANES;
            final int c2 = column + 2 * LANES;
            final int c3 = column + 3 * LANES;
            final int c4 = column + 4 * LANES;
            FloatVector g0 = FloatVector.fromArray(SPECIES, gates, column);
            FloatVector g1 = FloatVector.fromArray(SPECIES, gates, c1);
            FloatVector g2 = FloatVector.fromArray(SPECIES, gates, c2);
            FloatVector g3 = FloatVector.fromArray(SPECIES, gates, c3);
            FloatVector g4 = FloatVector.fromArray(SPECIES, gates, c4);
            for (int i = 0; i < count; i++) {
                final float[] w = weights[rows[i]];
                final FloatVector a = FloatVector.broadcast(SPECIES, values[i]);
                g0 = FloatVector.fromArray(SPECIES, w, column).fma(a, g0);
                g1 = FloatVector.fromArray(SPECIES, w, c1).fma(a, g1);
                g2 = FloatVector.fromArray(SPECIES, w, c2).fma(a, g2);
                g3 = FloatVector.fromArray(SPECIES, w, c3).fma(a, g3);
                g4 = FloatVector.fromArray(SPECIES, w, c4).fma(a, g4);
            }
            g0.intoArray(gates, column);
            g1.intoArray(gates, c1);
            g2.intoArray(gates, c2);
            g3.intoArray(gates, c3);
            g4.intoArray(gates, c4);
        }
    }

    @Override
    public String description() {
        return "Vector API, " + SPECIES.vectorBitSize() + "-bit vectors (" + widthSource() + "), " + TILE_IMAGES
                + " images x " + (WIDE ? FIVE_VECTOR_COLUMNS : TILE_COLUMNS) + " gate columns per register tile";
    }

    /** Four images' {@link #FIVE_VECTOR_COLUMNS} gate columns from {@code column}: 20 accumulators. */
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

    /** The six images from {@code first} over every gate column. */
    private static void tiles(
            final float[][] inputs,
            final float[][] gates,
            final int first,
            final int width,
            final float[][] weights,
            final int firstRow) {
        final Tile tile = new Tile(
                inputs[first],
                inputs[first + 1],
                inputs[first + 2],
                inputs[first + 3],
                inputs[first + 4],
                inputs[first + 5],
                gates[first],
                gates[first + 1],
                gates[first + 2],
                gates[first + 3],
                gates[first + 4],
                gates[first + 5]);
        for (int column = 0; column < GATES; column += TILE_COLUMNS) {
            tile.twoVectors(width, weights, firstRow, column);
        }
    }

    /** Six images' inputs and gate rows, the operands of one row of tiles. */
    private record Tile(
            float[] in0,
            float[] in1,
            float[] in2,
            float[] in3,
            float[] in4,
            float[] in5,
            float[] g0,
            float[] g1,
            float[] g2,
            float[] g3,
            float[] g4,
            float[] g5) {

        /** The six images' gate columns {@code [column, column + 2 * LANES)}: 12 accumulators. */
        void twoVectors(final int width, final float[][] weights, final int firstRow, final int column) {
            final int d = column + LANES;
            FloatVector s00 = FloatVector.fromArray(SPECIES, g0, column);
            FloatVector s01 = FloatVector.fromArray(SPECIES, g0, d);
            FloatVector s10 = FloatVector.fromArray(SPECIES, g1, column);
            FloatVector s11 = FloatVector.fromArray(SPECIES, g1, d);
            FloatVector s20 = FloatVector.fromArray(SPECIES, g2, column);
            FloatVector s21 = FloatVector.fromArray(SPECIES, g2, d);
            FloatVector s30 = FloatVector.fromArray(SPECIES, g3, column);
            FloatVector s31 = FloatVector.fromArray(SPECIES, g3, d);
            FloatVector s40 = FloatVector.fromArray(SPECIES, g4, column);
            FloatVector s41 = FloatVector.fromArray(SPECIES, g4, d);
            FloatVector s50 = FloatVector.fromArray(SPECIES, g5, column);
            FloatVector s51 = FloatVector.fromArray(SPECIES, g5, d);
            for (int k = 0; k < width; k++) {
                final float[] row = weights[firstRow + k];
                final FloatVector w0 = FloatVector.fromArray(SPECIES, row, column);
                final FloatVector w1 = FloatVector.fromArray(SPECIES, row, d);
                FloatVector a = FloatVector.broadcast(SPECIES, in0[k]);
                s00 = w0.fma(a, s00);
                s01 = w1.fma(a, s01);
                a = FloatVector.broadcast(SPECIES, in1[k]);
                s10 = w0.fma(a, s10);
                s11 = w1.fma(a, s11);
                a = FloatVector.broadcast(SPECIES, in2[k]);
                s20 = w0.fma(a, s20);
                s21 = w1.fma(a, s21);
                a = FloatVector.broadcast(SPECIES, in3[k]);
                s30 = w0.fma(a, s30);
                s31 = w1.fma(a, s31);
                a = FloatVector.broadcast(SPECIES, in4[k]);
                s40 = w0.fma(a, s40);
                s41 = w1.fma(a, s41);
                a = FloatVector.broadcast(SPECIES, in5[k]);
                s50 = w0.fma(a, s50);
                s51 = w1.fma(a, s51);
            }
            s00.intoArray(g0, column);
            s01.intoArray(g0, d);
            s10.intoArray(g1, column);
            s11.intoArray(g1, d);
            s20.intoArray(g2, column);
            s21.intoArray(g2, d);
            s30.intoArray(g3, column);
            s31.intoArray(g3, d);
            s40.intoArray(g4, column);
            s41.intoArray(g4, d);
            s50.intoArray(g5, column);
            s51.intoArray(g5, d);
        }
    }

    private static String widthSource() {
        return System.getProperty(BITS_PROPERTY) == null ? "the CPU's preferred width" : "set by -D" + BITS_PROPERTY;
    }

    private static VectorSpecies<Float> species(final String bits) {
        if (bits == null) {
            return FloatVector.SPECIES_PREFERRED;
        }
        try {
            return VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.parseInt(bits.trim())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "-D" + BITS_PROPERTY + " must be 64, 128, 256 or 512 (a vector width in bits), got '" + bits + "'",
                    e);
        }
    }
}
