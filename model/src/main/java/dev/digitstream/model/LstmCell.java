package dev.digitstream.model;

/**
 * DL4J's LSTM cell, once for inference and training: each gate row holds the blocks {@code [z, f, o, i]};
 * {@code c = f * c' + i * tanh(z)} and {@code h = o * tanh(c)}, with {@code f}, {@code o} and {@code i}
 * through the sigmoid. The blocks are copied out of the gate rows into flat arrays, image after image
 * ({@code [rows * HIDDEN]}): each loop then indexes its arrays by the loop variable alone, which C2 needs
 * to vectorize it, and runs over all the images at once (C2 in JDK 17 runs the last iterations of a
 * vectorized loop one element at a time, which for 100-element loops was a third of the work).
 */
final class LstmCell {

    private static final int HIDDEN = LstmNetwork.HIDDEN;

    private LstmCell() {}

    /**
     * The first {@code rows} gate rows' four blocks, activated: {@code block = tanh(z)}, {@code forget =
     * sigmoid(f)}, {@code output = sigmoid(o)}, {@code input = sigmoid(i)}.
     */
    static void activateGates(
            final float[][] gateRows,
            final int rows,
            final float[] block,
            final float[] forget,
            final float[] output,
            final float[] input) {
        for (int r = 0; r < rows; r++) {
            final float[] g = gateRows[r];
            System.arraycopy(g, 0, block, r * HIDDEN, HIDDEN);
            System.arraycopy(g, HIDDEN, forget, r * HIDDEN, HIDDEN);
            System.arraycopy(g, 2 * HIDDEN, output, r * HIDDEN, HIDDEN);
            System.arraycopy(g, 3 * HIDDEN, input, r * HIDDEN, HIDDEN);
        }
        final int units = rows * HIDDEN;
        for (int u = 0; u < units; u++) {
            block[u] = FastMath.tanh(block[u]);
        }
        for (int u = 0; u < units; u++) {
            forget[u] = FastMath.sigmoid(forget[u]);
        }
        for (int u = 0; u < units; u++) {
            output[u] = FastMath.sigmoid(output[u]);
        }
        for (int u = 0; u < units; u++) {
            input[u] = FastMath.sigmoid(input[u]);
        }
    }

    /**
     * {@code cells = forget * previous + input * block} for the first {@code units}; {@code previous} may
     * be {@code cells} itself, and is null at the first step (a zero cell: {@code cells = input * block}).
     */
    static void updateCells(
            final float[] forget,
            final float[] previous,
            final float[] input,
            final float[] block,
            final float[] cells,
            final int units) {
        if (previous == null) {
            for (int u = 0; u < units; u++) {
                cells[u] = input[u] * block[u];
            }
        } else {
            for (int u = 0; u < units; u++) {
                cells[u] = Math.fma(forget[u], previous[u], input[u] * block[u]);
            }
        }
    }

    /** {@code cellTanh = tanh(cells)} and {@code hidden = output * cellTanh}; the two may be one array. */
    static void outputs(
            final float[] cells, final float[] output, final float[] cellTanh, final float[] hidden, final int units) {
        for (int u = 0; u < units; u++) {
            cellTanh[u] = FastMath.tanh(cells[u]);
        }
        for (int u = 0; u < units; u++) {
            hidden[u] = output[u] * cellTanh[u];
        }
    }
}
