package dev.digitstream.model;

/**
 * One time step of the LSTM cell ({@link LstmCell}) at inference, on a chunk's gate rows: the cells
 * updated in place and the outputs written. Two implementations compute the same results bit for bit:
 * {@link VectorCellStep}, fused with the JDK's Vector API, and {@link PlainCellStep}, {@link LstmCell}'s
 * loops that C2 auto-vectorizes, for JVMs started without the Vector API. An instance belongs to one
 * thread (the plain one keeps its work arrays).
 */
interface CellStep {

    /**
     * For the first {@code rows} images: {@code cells[r * HIDDEN + u] = f * cells[...] + i * tanh(z)} and
     * {@code outputRows[r][u] = o * tanh(cells[...])}, with {@code [z, f, o, i]} the blocks of
     * {@code gateRows[r]} (see {@link LstmCell}).
     */
    void apply(float[][] gateRows, int rows, float[] cells, float[][] outputRows);

    /** The fastest step this JVM can run, for chunks of up to {@code maxRows} images. */
    static CellStep fastest(final int maxRows) {
        return MatrixProducts.Choice.vectorApiPresent() ? new VectorCellStep() : new PlainCellStep(maxRows);
    }
}
