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
}
