package dev.digitstream.model;

/**
 * The matrix products in plain Java, in a form that C2 (JDK 17) auto-vectorizes: the innermost
 * loop runs over the 400 gate columns, and every array in it is indexed by the loop variable alone.
 * (A weight matrix as one flat array indexed {@code base + j} is not vectorized: C2 cannot rule out
 * that it aliases the gate array being written, and the loop runs 4-5x slower.) Four input rows
 * share each weight row load, and four weight rows are applied per pass over the gates, so each gate
 * value is loaded and stored once per four products.
 */
final class PlainMatrixProducts implements MatrixProducts {

    private static final int GATES = LstmWeights.GATES;

    private final String why;

    PlainMatrixProducts() {
        this("");
    }

    /** @param why why the plain kernel runs (for the description), or empty */
    PlainMatrixProducts(final String why) {
        this.why = why;
    }

    /** {@inheritDoc} {@code width} must be a multiple of 4. */
    @Override
    public void multiplyAdd(
            final float[][] inputs,
            final int width,
            final float[][] weights,
            final int firstRow,
            final float[][] gates,
            final int rows) {
        multiplyAdd(inputs, width, weights, firstRow, gates, 0, rows);
    }

    /** {@link #multiplyAdd(float[][], int, float[][], int, float[][], int)} for the rows (images) {@code [from, to)}. */
    static void multiplyAdd(
            final float[][] inputs,
            final int width,
            final float[][] weights,
            final int firstRow,
            final float[][] gates,
            final int from,
            final int to) {
        int r = from;
        for (; r + 4 <= to; r += 4) {
            multiplyAdd4(
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
                    gates[r + 3]);
        }
        for (; r < to; r++) {
            multiplyAdd1(inputs[r], width, weights, firstRow, gates[r]);
        }
    }

    /** {@inheritDoc} The rows as they are: the loops read them in place. */
    @Override
    public PreparedWeights prepare(final float[][] weights, final int firstRow, final int width) {
        return PreparedWeights.inPlace(weights, firstRow, width);
    }

    @Override
    public void multiplyAdd(
            final float[][] inputs, final PreparedWeights weights, final float[][] gates, final int rows) {
        multiplyAdd(inputs, weights.width(), weights.rows(), weights.firstRow(), gates, 0, rows);
    }

    /** {@inheritDoc} Four rows per pass over the gates; the three entries after {@code count} are padded with zeros. */
    @Override
    public void multiplyAddRows(
            final float[] values, final int[] rows, final int count, final float[][] weights, final float[] gates) {
        final int padded = (count + 3) & ~3;
        for (int i = count; i < padded; i++) {
            values[i] = 0f;
            rows[i] = 0;
        }
        for (int i = 0; i < padded; i += 4) {
            final float[] w0 = weights[rows[i]];
            final float[] w1 = weights[rows[i + 1]];
            final float[] w2 = weights[rows[i + 2]];
            final float[] w3 = weights[rows[i + 3]];
            final float a0 = values[i];
            final float a1 = values[i + 1];
            final float a2 = values[i + 2];
            final float a3 = values[i + 3];
            for (int j = 0; j < GATES; j++) {
                gates[j] = Math.fma(a3, w3[j], Math.fma(a2, w2[j], Math.fma(a1, w1[j], Math.fma(a0, w0[j], gates[j]))));
            }
        }
    }

    private static void multiplyAdd4(
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
            final float[] g3) {
        for (int k = 0; k < width; k += 4) {
            final float[] w0 = weights[firstRow + k];
            final float[] w1 = weights[firstRow + k + 1];
            final float[] w2 = weights[firstRow + k + 2];
            final float[] w3 = weights[firstRow + k + 3];
            final float a0 = in0[k];
            final float a1 = in1[k];
            final float a2 = in2[k];
            final float a3 = in3[k];
            final float b0 = in0[k + 1];
            final float b1 = in1[k + 1];
            final float b2 = in2[k + 1];
            final float b3 = in3[k + 1];
            final float c0 = in0[k + 2];
            final float c1 = in1[k + 2];
            final float c2 = in2[k + 2];
            final float c3 = in3[k + 2];
            final float d0 = in0[k + 3];
            final float d1 = in1[k + 3];
            final float d2 = in2[k + 3];
            final float d3 = in3[k + 3];
            for (int j = 0; j < GATES; j++) {
                final float x0 = w0[j];
                final float x1 = w1[j];
                final float x2 = w2[j];
                final float x3 = w3[j];
                g0[j] = Math.fma(d0, x3, Math.fma(c0, x2, Math.fma(b0, x1, Math.fma(a0, x0, g0[j]))));
                g1[j] = Math.fma(d1, x3, Math.fma(c1, x2, Math.fma(b1, x1, Math.fma(a1, x0, g1[j]))));
                g2[j] = Math.fma(d2, x3, Math.fma(c2, x2, Math.fma(b2, x1, Math.fma(a2, x0, g2[j]))));
                g3[j] = Math.fma(d3, x3, Math.fma(c3, x2, Math.fma(b3, x1, Math.fma(a3, x0, g3[j]))));
            }
        }
    }

    /** {@code g += in[0..width) x weights[firstRow..firstRow+width)} for one image. */
    private static void multiplyAdd1(
            final float[] in, final int width, final float[][] weights, final int firstRow, final float[] g) {
        for (int k = 0; k < width; k += 4) {
            final float[] w0 = weights[firstRow + k];
            final float[] w1 = weights[firstRow + k + 1];
            final float[] w2 = weights[firstRow + k + 2];
            final float[] w3 = weights[firstRow + k + 3];
            final float a0 = in[k];
            final float a1 = in[k + 1];
            final float a2 = in[k + 2];
            final float a3 = in[k + 3];
            for (int j = 0; j < GATES; j++) {
                g[j] = Math.fma(a3, w3[j], Math.fma(a2, w2[j], Math.fma(a1, w1[j], Math.fma(a0, w0[j], g[j]))));
            }
        }
    }

    /**
     * {@code outputs[r][0..columns) += inputs[r][0..width) x weights[0..width)[0..columns)} for the first
     * {@code rows} rows: the products of any output width that training's backward pass needs (its gate
     * gradients times the transposed weights). Same loop shapes as the gate products; {@code width} must
     * be a multiple of 4.
     */
    static void multiplyAdd(
            final float[][] inputs,
            final int width,
            final float[][] weights,
            final float[][] outputs,
            final int rows,
            final int columns) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            final float[] in0 = inputs[r];
            final float[] in1 = inputs[r + 1];
            final float[] in2 = inputs[r + 2];
            final float[] in3 = inputs[r + 3];
            final float[] g0 = outputs[r];
            final float[] g1 = outputs[r + 1];
            final float[] g2 = outputs[r + 2];
            final float[] g3 = outputs[r + 3];
            for (int k = 0; k < width; k += 2) {
                final float[] w0 = weights[k];
                final float[] w1 = weights[k + 1];
                final float a0 = in0[k];
                final float a1 = in1[k];
                final float a2 = in2[k];
                final float a3 = in3[k];
                final float b0 = in0[k + 1];
                final float b1 = in1[k + 1];
                final float b2 = in2[k + 1];
                final float b3 = in3[k + 1];
                for (int j = 0; j < columns; j++) {
                    final float x0 = w0[j];
                    final float x1 = w1[j];
                    g0[j] = Math.fma(b0, x1, Math.fma(a0, x0, g0[j]));
                    g1[j] = Math.fma(b1, x1, Math.fma(a1, x0, g1[j]));
                    g2[j] = Math.fma(b2, x1, Math.fma(a2, x0, g2[j]));
                    g3[j] = Math.fma(b3, x1, Math.fma(a3, x0, g3[j]));
                }
            }
        }
        for (; r < rows; r++) {
            final float[] in = inputs[r];
            final float[] g = outputs[r];
            for (int k = 0; k < width; k += 4) {
                final float[] w0 = weights[k];
                final float[] w1 = weights[k + 1];
                final float[] w2 = weights[k + 2];
                final float[] w3 = weights[k + 3];
                final float a0 = in[k];
                final float a1 = in[k + 1];
                final float a2 = in[k + 2];
                final float a3 = in[k + 3];
                for (int j = 0; j < columns; j++) {
                    g[j] = Math.fma(a3, w3[j], Math.fma(a2, w2[j], Math.fma(a1, w1[j], Math.fma(a0, w0[j], g[j]))));
                }
            }
        }
    }

    @Override
    public String description() {
        return "plain Java loops, vectorized by the JIT" + why;
    }
}
