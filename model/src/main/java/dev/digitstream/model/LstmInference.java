package dev.digitstream.model;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * {@link LstmNetwork} computed from its exported weights in plain Java, a whole chunk of images at a
 * time: per time step, one product of the chunk's {@code [input, previous output]} rows with each
 * layer's packed weights, then the gate arithmetic. The loops are written so that C2 vectorizes
 * them (innermost loop over the 400 gate columns, {@link Math#fma}, {@link FastMath}); DL4J's
 * {@code output()} spends most of its time in per-operation overhead on the same work.
 *
 * <p>Buffers are allocated once per instance, so an instance must not be shared between threads.
 */
final class LstmInference implements Inference {

    /** Images computed together; bounds the buffers and keeps a chunk's state in the L1/L2 caches. */
    static final int CHUNK = 64;

    private static final int HIDDEN = LstmNetwork.HIDDEN;
    private static final int GATES = LstmWeights.GATES;
    private static final int FEATURES = ImageSequences.FEATURES;
    private static final int STEPS = ImageSequences.STEPS;
    private static final int CLASSES = LstmNetwork.CLASSES;
    /** The normalized value of each pixel byte, from the one transform. */
    private static final float[] PIXEL_VALUES = pixelValues();

    private final LstmWeights weights;
    private final float[][] inputs = new float[CHUNK][FEATURES];
    private final float[][] gates = new float[CHUNK][GATES];
    private final float[][] output1 = new float[CHUNK][HIDDEN];
    private final float[][] cell1 = new float[CHUNK][HIDDEN];
    private final float[][] output2 = new float[CHUNK][HIDDEN];
    private final float[][] cell2 = new float[CHUNK][HIDDEN];
    private final float[] blockInput = new float[HIDDEN];
    private final float[] forgetGate = new float[HIDDEN];
    private final float[] outputGate = new float[HIDDEN];
    private final float[] inputGate = new float[HIDDEN];
    private final double[] logits = new double[CLASSES];

    LstmInference(final LstmWeights weights) {
        this.weights = weights;
    }

    static LstmInference of(final MultiLayerNetwork network) {
        return new LstmInference(LstmWeights.of(network));
    }

    @Override
    public float[] probabilities(final List<byte[]> images) {
        for (final byte[] image : images) {
            ImageSequences.requireImage(image);
        }
        final float[] probabilities = new float[images.size() * CLASSES];
        for (int first = 0; first < images.size(); first += CHUNK) {
            computeChunk(images, first, Math.min(CHUNK, images.size() - first), probabilities);
        }
        return probabilities;
    }

    private void computeChunk(final List<byte[]> images, final int first, final int rows, final float[] probabilities) {
        for (int r = 0; r < rows; r++) {
            Arrays.fill(output1[r], 0f);
            Arrays.fill(cell1[r], 0f);
            Arrays.fill(output2[r], 0f);
            Arrays.fill(cell2[r], 0f);
        }
        for (int step = 0; step < STEPS; step++) {
            loadStep(images, first, rows, step);
            startGates(weights.bias1(), rows);
            MatrixProducts.multiplyAdd(inputs, FEATURES, weights.lstm1(), 0, gates, rows);
            MatrixProducts.multiplyAdd(output1, HIDDEN, weights.lstm1(), FEATURES, gates, rows);
            updateCells(cell1, output1, rows);
            startGates(weights.bias2(), rows);
            MatrixProducts.multiplyAdd(output1, HIDDEN, weights.lstm2(), 0, gates, rows);
            MatrixProducts.multiplyAdd(output2, HIDDEN, weights.lstm2(), HIDDEN, gates, rows);
            updateCells(cell2, output2, rows);
        }
        for (int r = 0; r < rows; r++) {
            softmax(output2[r], probabilities, (first + r) * CLASSES);
        }
    }

    /** One time step's features of each image: column {@code step}, top to bottom (see {@link ImageSequences}). */
    private void loadStep(final List<byte[]> images, final int first, final int rows, final int step) {
        for (int r = 0; r < rows; r++) {
            final byte[] pixels = images.get(first + r);
            final float[] row = inputs[r];
            for (int feature = 0; feature < FEATURES; feature++) {
                row[feature] = PIXEL_VALUES[pixels[feature * STEPS + step] & 0xFF];
            }
        }
    }

    private void startGates(final float[] bias, final int rows) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, 0, gates[r], 0, GATES);
        }
    }

    /**
     * DL4J's LSTM cell, gate blocks [z, f, o, i]: {@code c = f * c + i * tanh(z)}, {@code h = o * tanh(c)}.
     * Activations run in place over each gate row, then the blocks are copied to arrays of their own:
     * every loop then indexes its arrays by the loop variable alone, which C2 needs to vectorize it.
     */
    private void updateCells(final float[][] cells, final float[][] outputs, final int rows) {
        for (int r = 0; r < rows; r++) {
            final float[] g = gates[r];
            for (int j = 0; j < HIDDEN; j++) {
                g[j] = FastMath.tanh(g[j]);
            }
            for (int j = HIDDEN; j < GATES; j++) {
                g[j] = FastMath.sigmoid(g[j]);
            }
            System.arraycopy(g, 0, blockInput, 0, HIDDEN);
            System.arraycopy(g, HIDDEN, forgetGate, 0, HIDDEN);
            System.arraycopy(g, 2 * HIDDEN, outputGate, 0, HIDDEN);
            System.arraycopy(g, 3 * HIDDEN, inputGate, 0, HIDDEN);
            updateCell(cells[r], outputs[r]);
        }
    }

    /** Three simple loops: C2 did not vectorize them as one (six arrays and a rational function). */
    private void updateCell(final float[] c, final float[] h) {
        for (int u = 0; u < HIDDEN; u++) {
            c[u] = Math.fma(forgetGate[u], c[u], inputGate[u] * blockInput[u]);
        }
        for (int u = 0; u < HIDDEN; u++) {
            h[u] = FastMath.tanh(c[u]);
        }
        for (int u = 0; u < HIDDEN; u++) {
            h[u] *= outputGate[u];
        }
    }

    private void softmax(final float[] hidden, final float[] probabilities, final int offset) {
        final float[] w = weights.output();
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < CLASSES; k++) {
            double sum = weights.outputBias()[k];
            for (int j = 0; j < HIDDEN; j++) {
                sum += (double) hidden[j] * w[j * CLASSES + k];
            }
            logits[k] = sum;
            max = Math.max(max, sum);
        }
        double total = 0;
        for (int k = 0; k < CLASSES; k++) {
            logits[k] = Math.exp(logits[k] - max);
            total += logits[k];
        }
        for (int k = 0; k < CLASSES; k++) {
            probabilities[offset + k] = (float) (logits[k] / total);
        }
    }

    private static float[] pixelValues() {
        final float[] values = new float[256];
        for (int p = 0; p < values.length; p++) {
            values[p] = ImageSequences.normalize((byte) p);
        }
        return values;
    }
}
