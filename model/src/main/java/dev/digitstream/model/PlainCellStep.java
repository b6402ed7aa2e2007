package dev.digitstream.model;

/** The cell step with {@link LstmCell}'s loops, over work arrays for up to a chunk of images. */
final class PlainCellStep implements CellStep {

    private static final int HIDDEN = LstmNetwork.HIDDEN;

    private final float[] blockInput;
    private final float[] forgetGate;
    private final float[] outputGate;
    private final float[] inputGate;
    private final float[] outputs;

    PlainCellStep(final int maxRows) {
        blockInput = new float[maxRows * HIDDEN];
        forgetGate = new float[maxRows * HIDDEN];
        outputGate = new float[maxRows * HIDDEN];
        inputGate = new float[maxRows * HIDDEN];
        outputs = new float[maxRows * HIDDEN];
    }

    @Override
    public void apply(final float[][] gateRows, final int rows, final float[] cells, final float[][] outputRows) {
        LstmCell.activateGates(gateRows, rows, blockInput, forgetGate, outputGate, inputGate);
        final int units = rows * HIDDEN;
        LstmCell.updateCells(forgetGate, cells, inputGate, blockInput, cells, units);
        LstmCell.outputs(cells, outputGate, outputs, outputs, units);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(outputs, r * HIDDEN, outputRows[r], 0, HIDDEN);
        }
    }

    /** The step for one unit of one image, in scalar arithmetic: the same operations as {@link #apply}. */
    static void unit(
            final float[] gates, final float[] cells, final int cellOffset, final float[] outputs, final int unit) {
        final float block = FastMath.tanh(gates[unit]);
        final float forget = FastMath.sigmoid(gates[HIDDEN + unit]);
        final float output = FastMath.sigmoid(gates[2 * HIDDEN + unit]);
        final float input = FastMath.sigmoid(gates[3 * HIDDEN + unit]);
        final float cell = Math.fma(forget, cells[cellOffset + unit], input * block);
        cells[cellOffset + unit] = cell;
        outputs[unit] = output * FastMath.tanh(cell);
    }
}
