package dev.digitstream.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix products with the JDK's Vector API ({@code jdk.incubator.vector}), register-tiled, for
 * any vector width: the vectors are the CPU's preferred ones ({@link FloatVector#SPECIES_PREFERRED}:
 * 256 bits on AVX2, 512 on AVX-512), and a tile of 6 images x 2 vectors of gate columns stays in
 * registers while the product runs over every input. Each gate value is then loaded and stored once
 * per product, and each weight vector loaded serves six images. The tile takes 12 accumulators, 2
 * weight vectors and 1 broadcast: it fits AVX2's 16 vector registers, and AVX-512's 32. Gate columns
 * left over after whole 2-vector tiles (16 of the 400 with 512-bit vectors) go through a 1-vector tile.
 *
 * <p>Images left over after groups of six (at most five) go through the plain kernel, whose 4-image
 * and 1-image loops compute the same sums in the same order: a tile padded with repeated images would
 * waste a third or more of its work, and measured slower than those loops.
 *
 * <p>{@code -Ddigitstream.vector.bits=256} (or 128, 512) sets the width instead of the preferred one:
 * the tests run the kernel at both widths on any machine this way (a width the CPU lacks runs
 * correctly, but slowly, in the Vector API's Java fallback).
 */
final class VectorMatrixProducts implements MatrixProducts {

    /** The system property that sets the vector width in bits; the CPU's preferred width without it. */
    static final String BITS_PROPERTY = "digitstream.vector.bits";

    static final VectorSpecies<Float> SPECIES = species(System.getProperty(BITS_PROPERTY));

    /** Images per tile. */
    static final int TILE_IMAGES = 6;

    private static final int LANES = SPECIES.length();
    private static final int GATES = LstmWeights.GATES;
    /** Gate columns in a tile of two vectors. */
    private static final int TILE_COLUMNS = 2 * LANES;
    /** Gate columns per pass of {@link #multiplyAddRows}: five vectors, 5 accumulators. */
    private static final int ROW_COLUMNS = 5 * LANES;

    static {
        if (GATES % LANES != 0) {
            throw new ExceptionInInitializerError(GATES + " gate columns are not whole " + LANES + "-lane vectors");
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
            tiles(inputs, gates, r, width, weights, firstRow);
        }
        PlainMatrixProducts.multiplyAdd(inputs, width, weights, firstRow, gates, r, rows);
    }

    @Override
    public void multiplyAddRows(
            final float[] values, final int[] rows, final int count, final float[][] weights, final float[] gates) {
        int column = 0;
        for (; column + ROW_COLUMNS <= GATES; column += ROW_COLUMNS) {
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
        for (; column < GATES; column += LANES) {
            FloatVector g = FloatVector.fromArray(SPECIES, gates, column);
            for (int i = 0; i < count; i++) {
                g = FloatVector.fromArray(SPECIES, weights[rows[i]], column)
                        .fma(FloatVector.broadcast(SPECIES, values[i]), g);
            }
            g.intoArray(gates, column);
        }
    }

    @Override
    public String description() {
        return "Vector API, " + SPECIES.vectorBitSize() + "-bit vectors (" + widthSource() + "), " + TILE_IMAGES
                + " images x " + TILE_COLUMNS + " gate columns per register tile";
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
        int column = 0;
        for (; column + TILE_COLUMNS <= GATES; column += TILE_COLUMNS) {
            tile.twoVectors(width, weights, firstRow, column);
        }
        for (; column < GATES; column += LANES) {
            tile.oneVector(width, weights, firstRow, column);
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

        /** The six images' gate columns {@code [column, column + LANES)}: 6 accumulators. */
        void oneVector(final int width, final float[][] weights, final int firstRow, final int column) {
            FloatVector s0 = FloatVector.fromArray(SPECIES, g0, column);
            FloatVector s1 = FloatVector.fromArray(SPECIES, g1, column);
            FloatVector s2 = FloatVector.fromArray(SPECIES, g2, column);
            FloatVector s3 = FloatVector.fromArray(SPECIES, g3, column);
            FloatVector s4 = FloatVector.fromArray(SPECIES, g4, column);
            FloatVector s5 = FloatVector.fromArray(SPECIES, g5, column);
            for (int k = 0; k < width; k++) {
                final FloatVector w = FloatVector.fromArray(SPECIES, weights[firstRow + k], column);
                s0 = w.fma(FloatVector.broadcast(SPECIES, in0[k]), s0);
                s1 = w.fma(FloatVector.broadcast(SPECIES, in1[k]), s1);
                s2 = w.fma(FloatVector.broadcast(SPECIES, in2[k]), s2);
                s3 = w.fma(FloatVector.broadcast(SPECIES, in3[k]), s3);
                s4 = w.fma(FloatVector.broadcast(SPECIES, in4[k]), s4);
                s5 = w.fma(FloatVector.broadcast(SPECIES, in5[k]), s5);
            }
            s0.intoArray(g0, column);
            s1.intoArray(g1, column);
            s2.intoArray(g2, column);
            s3.intoArray(g3, column);
            s4.intoArray(g4, column);
            s5.intoArray(g5, column);
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
