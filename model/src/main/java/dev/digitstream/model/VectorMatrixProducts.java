package dev.digitstream.model;

import java.util.Arrays;
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
 * <p>The narrow tile reads both operands packed, so that its loop keeps every pointer in a register
 * and the JIT drops the bounds checks of the inputs: the weights in panels of two vectors' columns
 * ({@link #prepare}, once per model, or per product where the weights change), and each tile's six
 * inputs side by side ({@code [input][image]}, per product, into a buffer of the calling thread). A
 * last tile of three to five images is padded with zero inputs (on Zen 3 faster from three images on,
 * slower below); two images left over go through a tile of two images x four vectors, one through one
 * of one image x eight vectors, on the same panels. Where the weights are not prepared, products of
 * one or two images run the plain kernel's loops instead: packing the panels would cost more than it
 * saves. Every path computes the same sums in the same order as the plain kernel.
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

    /**
     * The fewest images left over after whole narrow tiles that go through a padded tile (one or two go
     * through the pair and single-image tiles); also the fewest images of a product whose weights are not
     * prepared for which they are packed into panels.
     */
    static final int PADDED_TILE_FROM = 3;

    /** The calling thread's packed inputs and per-product weight panels (see {@link Buffers}). */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

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
        if (WIDE) {
            multiplyAddWide(inputs, width, weights, firstRow, null, 0, gates, rows);
        } else if (rows < PADDED_TILE_FROM) {
            PlainMatrixProducts.multiplyAdd(inputs, width, weights, firstRow, gates, 0, rows);
        } else {
            final float[] panels = BUFFERS.get().weightPanels(GATES * width);
            packPanels(weights, firstRow, width, panels, 0);
            multiplyAddPanels(inputs, new PreparedWeights(weights, firstRow, width, panels, 0), gates, rows);
        }
    }

    /**
     * Wide tiles of four images, the weights read from {@code aligned} (rows of {@link #GATES} from {@code
     * alignedFrom}, see {@link #prepare}) or, when that is null, from the rows in place; the images left over
     * by the plain loops, from the rows. Column block after column block, every tile of images within one, as
     * the narrow tiles go panel after panel: the block's weights (width x 80 floats, 32 KB for 100 inputs)
     * then stay in the L1 cache while the tiles use them, instead of coming from L2 for every tile (1.00-1.13x
     * at batch 256 on an AVX-512 Intel Xeon, BENCHMARKS.md). Packing each block's rows side by side, as the
     * narrow panels are, gained nothing more there.
     */
    private static void multiplyAddWide(
            final float[][] inputs,
            final int width,
            final float[][] weights,
            final int firstRow,
            final float[] aligned,
            final int alignedFrom,
            final float[][] gates,
            final int rows) {
        final int tiled = rows - rows % TILE_IMAGES;
        for (int column = 0; column < GATES; column += FIVE_VECTOR_COLUMNS) {
            for (int r = 0; r < tiled; r += TILE_IMAGES) {
                tile4(
                        inputs[r],
                        inputs[r + 1],
                        inputs[r + 2],
                        inputs[r + 3],
                        width,
                        weights,
                        firstRow,
                        aligned,
                        alignedFrom,
                        gates[r],
                        gates[r + 1],
                        gates[r + 2],
                        gates[r + 3],
                        column);
            }
        }
        PlainMatrixProducts.multiplyAdd(inputs, width, weights, firstRow, gates, tiled, rows);
    }

    /**
     * With narrow vectors, the weights packed into panels of {@link #TILE_COLUMNS} columns; with wide ones,
     * the rows one after the other. Either way in a block that starts a cache line ({@link AlignedFloats}):
     * a panel's row and a row of {@link #GATES} floats are whole numbers of lines, so no load straddles two.
     */
    @Override
    public PreparedWeights prepare(final float[][] weights, final int firstRow, final int width) {
        final AlignedFloats.Block block = AlignedFloats.allocate(GATES * width);
        if (WIDE) {
            for (int k = 0; k < width; k++) {
                System.arraycopy(weights[firstRow + k], 0, block.array(), block.offset() + k * GATES, GATES);
            }
        } else {
            packPanels(weights, firstRow, width, block.array(), block.offset());
        }
        return new PreparedWeights(weights, firstRow, width, block.array(), block.offset());
    }

    @Override
    public void multiplyAdd(
            final float[][] inputs, final PreparedWeights weights, final float[][] gates, final int rows) {
        if (weights.panels() == null) {
            multiplyAdd(inputs, weights.width(), weights.rows(), weights.firstRow(), gates, rows);
        } else if (WIDE) {
            multiplyAddWide(
                    inputs,
                    weights.width(),
                    weights.rows(),
                    weights.firstRow(),
                    weights.panels(),
                    weights.panelsOffset(),
                    gates,
                    rows);
        } else {
            multiplyAddPanels(inputs, weights, gates, rows);
        }
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

    /**
     * Four images' {@link #FIVE_VECTOR_COLUMNS} gate columns from {@code column}: 20 accumulators. Weight row
     * {@code k} is {@code aligned[alignedFrom + k * GATES ...]}, or {@code weights[firstRow + k]} when {@code
     * aligned} is null: one method for both layouts, as C2 compiles a copy of the loop for each outcome of
     * that loop-invariant test.
     */
    private static void tile4(
            final float[] in0,
            final float[] in1,
            final float[] in2,
            final float[] in3,
            final int width,
            final float[][] weights,
            final int firstRow,
            final float[] aligned,
            final int alignedFrom,
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
            final float[] row = aligned == null ? weights[firstRow + k] : aligned;
            final int at = aligned == null ? 0 : alignedFrom + k * GATES;
            final FloatVector w0 = FloatVector.fromArray(SPECIES, row, at + c0);
            final FloatVector w1 = FloatVector.fromArray(SPECIES, row, at + c1);
            final FloatVector w2 = FloatVector.fromArray(SPECIES, row, at + c2);
            final FloatVector w3 = FloatVector.fromArray(SPECIES, row, at + c3);
            final FloatVector w4 = FloatVector.fromArray(SPECIES, row, at + c4);
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

    /**
     * Panel {@code p} holds columns {@code [p * TILE_COLUMNS, (p + 1) * TILE_COLUMNS)} of the rows, row after
     * row, from index {@code from}: {@code panels[from + (p * width + k) * TILE_COLUMNS + j] = weights[firstRow
     * + k][p * TILE_COLUMNS + j]}.
     */
    private static void packPanels(
            final float[][] weights, final int firstRow, final int width, final float[] panels, final int from) {
        for (int column = 0; column < GATES; column += TILE_COLUMNS) {
            final int panel = from + column * width;
            for (int k = 0; k < width; k++) {
                System.arraycopy(weights[firstRow + k], column, panels, panel + k * TILE_COLUMNS, TILE_COLUMNS);
            }
        }
    }

    /**
     * Whole narrow tiles and a padded last one, panel after panel: a panel's weights then stay in
     * the L1 cache while every tile uses them.
     */
    private static void multiplyAddPanels(
            final float[][] inputs, final PreparedWeights weights, final float[][] gates, final int rows) {
        final int leftOver = rows % TILE_IMAGES;
        final int tiles = rows / TILE_IMAGES + (leftOver >= PADDED_TILE_FROM ? 1 : 0);
        final int width = weights.width();
        final Buffers buffers = BUFFERS.get();
        final float[][] packed = buffers.packInputs(inputs, width, rows, tiles);
        for (int column = 0; column < GATES; column += TILE_COLUMNS) {
            final int panel = weights.panelsOffset() + column * width;
            for (int t = 0; t < tiles; t++) {
                final int r = t * TILE_IMAGES;
                sixImagesTwoVectors(
                        packed[t],
                        width,
                        weights.panels(),
                        panel,
                        buffers.gatesOrDiscarded(gates, r, rows),
                        buffers.gatesOrDiscarded(gates, r + 1, rows),
                        buffers.gatesOrDiscarded(gates, r + 2, rows),
                        buffers.gatesOrDiscarded(gates, r + 3, rows),
                        buffers.gatesOrDiscarded(gates, r + 4, rows),
                        buffers.gatesOrDiscarded(gates, r + 5, rows),
                        column);
            }
        }
        final int tiled = Math.min(rows, tiles * TILE_IMAGES);
        if (rows - tiled == 2) {
            multiplyAddPair(inputs, weights, gates, tiled, buffers);
        } else if (rows - tiled == 1) {
            multiplyAddOne(inputs[tiled], weights, gates[tiled]);
        }
    }

    /**
     * One image over every gate column, from the panels: four panels at a time (8 accumulators), the
     * panels left over one at a time. Its inputs need no packing: the loop counts through them.
     */
    private static void multiplyAddOne(final float[] input, final PreparedWeights weights, final float[] gates) {
        final int width = weights.width();
        int column = 0;
        for (; column + 4 * TILE_COLUMNS <= GATES; column += 4 * TILE_COLUMNS) {
            oneImageEightVectors(
                    input, width, weights.panels(), weights.panelsOffset() + column * width, gates, column);
        }
        for (; column < GATES; column += TILE_COLUMNS) {
            oneImageTwoVectors(input, width, weights.panels(), weights.panelsOffset() + column * width, gates, column);
        }
    }

    /**
     * The images {@code from} and {@code from + 1} over every gate column, from the panels: two panels at a
     * time (8 accumulators, enough to keep both FMA pipes busy), the last odd panel alone. Reading the
     * panels rather than the rows keeps one copy of the weights in the caches when batches of one or two
     * images alternate with larger ones, as they do at low load.
     */
    private static void multiplyAddPair(
            final float[][] inputs,
            final PreparedWeights weights,
            final float[][] gates,
            final int from,
            final Buffers buffers) {
        final int width = weights.width();
        final float[] pair = buffers.packPair(inputs, width, from);
        final float[] g0 = gates[from];
        final float[] g1 = gates[from + 1];
        int column = 0;
        for (; column + 2 * TILE_COLUMNS <= GATES; column += 2 * TILE_COLUMNS) {
            twoImagesFourVectors(
                    pair, width, weights.panels(), weights.panelsOffset() + column * width, g0, g1, column);
        }
        if (column < GATES) {
            twoImagesTwoVectors(pair, width, weights.panels(), weights.panelsOffset() + column * width, g0, g1, column);
        }
    }

    /**
     * Six images' gate columns {@code [column, column + 2 * LANES)}: 12 accumulators. {@code inputs} is
     * the tile's packed inputs, {@code panels} from {@code panel} the columns' weights. The loop counts
     * through the inputs, not the weights: then the JIT drops the inputs' six bounds checks, and only the
     * weights' two remain.
     */
    private static void sixImagesTwoVectors(
            final float[] inputs,
            final int width,
            final float[] panels,
            final int panel,
            final float[] g0,
            final float[] g1,
            final float[] g2,
            final float[] g3,
            final float[] g4,
            final float[] g5,
            final int column) {
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
        final int end = width * TILE_IMAGES;
        int w = panel;
        for (int i = 0; i < end; i += TILE_IMAGES, w += TILE_COLUMNS) {
            final FloatVector w0 = FloatVector.fromArray(SPECIES, panels, w);
            final FloatVector w1 = FloatVector.fromArray(SPECIES, panels, w + LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, inputs[i]);
            s00 = w0.fma(a, s00);
            s01 = w1.fma(a, s01);
            a = FloatVector.broadcast(SPECIES, inputs[i + 1]);
            s10 = w0.fma(a, s10);
            s11 = w1.fma(a, s11);
            a = FloatVector.broadcast(SPECIES, inputs[i + 2]);
            s20 = w0.fma(a, s20);
            s21 = w1.fma(a, s21);
            a = FloatVector.broadcast(SPECIES, inputs[i + 3]);
            s30 = w0.fma(a, s30);
            s31 = w1.fma(a, s31);
            a = FloatVector.broadcast(SPECIES, inputs[i + 4]);
            s40 = w0.fma(a, s40);
            s41 = w1.fma(a, s41);
            a = FloatVector.broadcast(SPECIES, inputs[i + 5]);
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

    /**
     * Two images' gate columns {@code [column, column + 4 * LANES)}, two panels from {@code panel}: 8
     * accumulators. {@code inputs} holds the two images' inputs side by side ({@code [k * 2 + i]}).
     */
    private static void twoImagesFourVectors(
            final float[] inputs,
            final int width,
            final float[] panels,
            final int panel,
            final float[] g0,
            final float[] g1,
            final int column) {
        final int c1 = column + LANES;
        final int c2 = column + 2 * LANES;
        final int c3 = column + 3 * LANES;
        FloatVector s00 = FloatVector.fromArray(SPECIES, g0, column);
        FloatVector s01 = FloatVector.fromArray(SPECIES, g0, c1);
        FloatVector s02 = FloatVector.fromArray(SPECIES, g0, c2);
        FloatVector s03 = FloatVector.fromArray(SPECIES, g0, c3);
        FloatVector s10 = FloatVector.fromArray(SPECIES, g1, column);
        FloatVector s11 = FloatVector.fromArray(SPECIES, g1, c1);
        FloatVector s12 = FloatVector.fromArray(SPECIES, g1, c2);
        FloatVector s13 = FloatVector.fromArray(SPECIES, g1, c3);
        final int end = 2 * width;
        final int nextPanel = width * TILE_COLUMNS;
        int w = panel;
        for (int i = 0; i < end; i += 2, w += TILE_COLUMNS) {
            final FloatVector w0 = FloatVector.fromArray(SPECIES, panels, w);
            final FloatVector w1 = FloatVector.fromArray(SPECIES, panels, w + LANES);
            final FloatVector w2 = FloatVector.fromArray(SPECIES, panels, w + nextPanel);
            final FloatVector w3 = FloatVector.fromArray(SPECIES, panels, w + nextPanel + LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, inputs[i]);
            s00 = w0.fma(a, s00);
            s01 = w1.fma(a, s01);
            s02 = w2.fma(a, s02);
            s03 = w3.fma(a, s03);
            a = FloatVector.broadcast(SPECIES, inputs[i + 1]);
            s10 = w0.fma(a, s10);
            s11 = w1.fma(a, s11);
            s12 = w2.fma(a, s12);
            s13 = w3.fma(a, s13);
        }
        s00.intoArray(g0, column);
        s01.intoArray(g0, c1);
        s02.intoArray(g0, c2);
        s03.intoArray(g0, c3);
        s10.intoArray(g1, column);
        s11.intoArray(g1, c1);
        s12.intoArray(g1, c2);
        s13.intoArray(g1, c3);
    }

    /** One image's gate columns {@code [column, column + 8 * LANES)}, four panels from {@code panel}: 8 accumulators. */
    private static void oneImageEightVectors(
            final float[] input,
            final int width,
            final float[] panels,
            final int panel,
            final float[] g,
            final int column) {
        final int step = width * TILE_COLUMNS;
        FloatVector s0 = FloatVector.fromArray(SPECIES, g, column);
        FloatVector s1 = FloatVector.fromArray(SPECIES, g, column + LANES);
        FloatVector s2 = FloatVector.fromArray(SPECIES, g, column + 2 * LANES);
        FloatVector s3 = FloatVector.fromArray(SPECIES, g, column + 3 * LANES);
        FloatVector s4 = FloatVector.fromArray(SPECIES, g, column + 4 * LANES);
        FloatVector s5 = FloatVector.fromArray(SPECIES, g, column + 5 * LANES);
        FloatVector s6 = FloatVector.fromArray(SPECIES, g, column + 6 * LANES);
        FloatVector s7 = FloatVector.fromArray(SPECIES, g, column + 7 * LANES);
        int w = panel;
        for (int k = 0; k < width; k++, w += TILE_COLUMNS) {
            final FloatVector a = FloatVector.broadcast(SPECIES, input[k]);
            s0 = FloatVector.fromArray(SPECIES, panels, w).fma(a, s0);
            s1 = FloatVector.fromArray(SPECIES, panels, w + LANES).fma(a, s1);
            s2 = FloatVector.fromArray(SPECIES, panels, w + step).fma(a, s2);
            s3 = FloatVector.fromArray(SPECIES, panels, w + step + LANES).fma(a, s3);
            s4 = FloatVector.fromArray(SPECIES, panels, w + 2 * step).fma(a, s4);
            s5 = FloatVector.fromArray(SPECIES, panels, w + 2 * step + LANES).fma(a, s5);
            s6 = FloatVector.fromArray(SPECIES, panels, w + 3 * step).fma(a, s6);
            s7 = FloatVector.fromArray(SPECIES, panels, w + 3 * step + LANES).fma(a, s7);
        }
        s0.intoArray(g, column);
        s1.intoArray(g, column + LANES);
        s2.intoArray(g, column + 2 * LANES);
        s3.intoArray(g, column + 3 * LANES);
        s4.intoArray(g, column + 4 * LANES);
        s5.intoArray(g, column + 5 * LANES);
        s6.intoArray(g, column + 6 * LANES);
        s7.intoArray(g, column + 7 * LANES);
    }

    /** One image's gate columns {@code [column, column + 2 * LANES)}, one panel: 2 accumulators. */
    private static void oneImageTwoVectors(
            final float[] input,
            final int width,
            final float[] panels,
            final int panel,
            final float[] g,
            final int column) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, g, column);
        FloatVector s1 = FloatVector.fromArray(SPECIES, g, column + LANES);
        int w = panel;
        for (int k = 0; k < width; k++, w += TILE_COLUMNS) {
            final FloatVector a = FloatVector.broadcast(SPECIES, input[k]);
            s0 = FloatVector.fromArray(SPECIES, panels, w).fma(a, s0);
            s1 = FloatVector.fromArray(SPECIES, panels, w + LANES).fma(a, s1);
        }
        s0.intoArray(g, column);
        s1.intoArray(g, column + LANES);
    }

    /** Two images' gate columns {@code [column, column + 2 * LANES)}, one panel: 4 accumulators. */
    private static void twoImagesTwoVectors(
            final float[] inputs,
            final int width,
            final float[] panels,
            final int panel,
            final float[] g0,
            final float[] g1,
            final int column) {
        final int d = column + LANES;
        FloatVector s00 = FloatVector.fromArray(SPECIES, g0, column);
        FloatVector s01 = FloatVector.fromArray(SPECIES, g0, d);
        FloatVector s10 = FloatVector.fromArray(SPECIES, g1, column);
        FloatVector s11 = FloatVector.fromArray(SPECIES, g1, d);
        final int end = 2 * width;
        int w = panel;
        for (int i = 0; i < end; i += 2, w += TILE_COLUMNS) {
            final FloatVector w0 = FloatVector.fromArray(SPECIES, panels, w);
            final FloatVector w1 = FloatVector.fromArray(SPECIES, panels, w + LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, inputs[i]);
            s00 = w0.fma(a, s00);
            s01 = w1.fma(a, s01);
            a = FloatVector.broadcast(SPECIES, inputs[i + 1]);
            s10 = w0.fma(a, s10);
            s11 = w1.fma(a, s11);
        }
        s00.intoArray(g0, column);
        s01.intoArray(g0, d);
        s10.intoArray(g1, column);
        s11.intoArray(g1, d);
    }

    /**
     * One thread's buffers for the narrow tiles, grown to the largest product it has computed. Kept per
     * thread rather than allocated per product: a product of a 64-image chunk would otherwise allocate
     * ~26 KB of packed inputs, 82 times per chunk at inference (3 products a step, 2 fewer at the first).
     */
    private static final class Buffers {

        private float[][] packedInputs = new float[0][];
        private float[] weightPanels = new float[0];
        private float[] pairInputs = new float[0];
        /** The inputs of a padded tile's missing images, as wide as the widest product so far. */
        private float[] zeros = new float[0];
        /** The gate row of a padded tile's missing images: written, never read. */
        private final float[] discarded = new float[GATES];

        /** Tile {@code t}'s inputs, {@code [k * TILE_IMAGES + i] = inputs[t * TILE_IMAGES + i][k]}, zero past {@code rows}. */
        float[][] packInputs(final float[][] inputs, final int width, final int rows, final int tiles) {
            if (packedInputs.length < tiles) {
                packedInputs = Arrays.copyOf(packedInputs, tiles);
            }
            if (zeros.length < width) {
                zeros = new float[width];
            }
            for (int t = 0; t < tiles; t++) {
                final int r = t * TILE_IMAGES;
                if (packedInputs[t] == null || packedInputs[t].length < width * TILE_IMAGES) {
                    packedInputs[t] = new float[width * TILE_IMAGES];
                }
                final float[] tile = packedInputs[t];
                final float[] in0 = inputOrZeros(inputs, r, rows);
                final float[] in1 = inputOrZeros(inputs, r + 1, rows);
                final float[] in2 = inputOrZeros(inputs, r + 2, rows);
                final float[] in3 = inputOrZeros(inputs, r + 3, rows);
                final float[] in4 = inputOrZeros(inputs, r + 4, rows);
                final float[] in5 = inputOrZeros(inputs, r + 5, rows);
                for (int k = 0; k < width; k++) {
                    final int i = k * TILE_IMAGES;
                    tile[i] = in0[k];
                    tile[i + 1] = in1[k];
                    tile[i + 2] = in2[k];
                    tile[i + 3] = in3[k];
                    tile[i + 4] = in4[k];
                    tile[i + 5] = in5[k];
                }
            }
            return packedInputs;
        }

        /** The images {@code from} and {@code from + 1}: {@code [k * 2 + i] = inputs[from + i][k]}. */
        float[] packPair(final float[][] inputs, final int width, final int from) {
            if (pairInputs.length < 2 * width) {
                pairInputs = new float[2 * width];
            }
            final float[] in0 = inputs[from];
            final float[] in1 = inputs[from + 1];
            for (int k = 0; k < width; k++) {
                pairInputs[2 * k] = in0[k];
                pairInputs[2 * k + 1] = in1[k];
            }
            return pairInputs;
        }

        private float[] inputOrZeros(final float[][] inputs, final int r, final int rows) {
            return r < rows ? inputs[r] : zeros;
        }

        /** Image {@code r}'s gate row, or {@link #discarded} for a padded tile's missing image. */
        float[] gatesOrDiscarded(final float[][] gates, final int r, final int rows) {
            return r < rows ? gates[r] : discarded;
        }

        float[] weightPanels(final int size) {
            if (weightPanels.length < size) {
                weightPanels = new float[size];
            }
            return weightPanels;
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
