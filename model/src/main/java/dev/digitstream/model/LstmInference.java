package dev.digitstream.model;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * {@link LstmNetwork} computed from its exported weights in plain Java, a whole chunk of images at a
 * time: per time step, one product of the chunk's {@code [input, previous output]} rows with each
 * layer's packed weights ({@link MatrixProducts}), then the gate arithmetic over the whole chunk.
 * Chunks of a few images (a lightly loaded streamer's batches) run layer by layer instead, so that
 * each step reads one layer's weights, which stay in the caches ({@link #computeLayerByLayer}).
 * Every loop is written so that C2 vectorizes it; DL4J's {@code output()} spends most of its time in
 * per-operation overhead on the same work.
 *
 * <p>The gate arithmetic ({@link CellStep}) runs fused in vector registers with the Vector API, or over
 * flat arrays, image after image, as long loops ({@link LstmCell}) without it. The products read their
 * inputs as one array per image (the 4-image kernel was not vectorized when its inputs came from one flat
 * array).
 *
 * <p>Two shortcuts skip work whose result is known, without changing the network: at the first
 * step both layers' previous outputs are zero, so their recurrent products are skipped; and the
 * input product of layer 1 starts from the gates of an all-background column (byte 0, computed
 * once per model into {@code backgroundBias1}) and adds only the pixels that differ from it, which
 * in handwritten digits are about a fifth (whole columns at the edges are blank).
 *
 * <p>Buffers are allocated once per instance, so an instance must not be shared between threads.
 */
final class LstmInference implements Inference {

    /** Images computed together; bounds the buffers and keeps a chunk's state in the L1/L2 caches. */
    static final int CHUNK = 64;
    /**
     * Chunks of up to this many images (fewer than the AVX2 tile's 6) run layer by layer (see {@link
     * #computeLayerByLayer}): 0.78-0.94x the time at 1-3 images; from 6 images on, no faster.
     */
    static final int LAYER_BY_LAYER_UP_TO = 5;

    private static final int HIDDEN = LstmNetwork.HIDDEN;
    private static final int GATES = LstmWeights.GATES;
    private static final int FEATURES = ImageSequences.FEATURES;
    private static final int STEPS = ImageSequences.STEPS;
    private static final int CLASSES = LstmNetwork.CLASSES;
    /** The normalized value of the background pixel, byte 0, from the one transform. */
    private static final float BACKGROUND = ImageSequences.normalize((byte) 0);
    /** Per pixel byte, its normalized value minus the background's. */
    private static final float[] ABOVE_BACKGROUND = aboveBackground();

    private final LstmWeights weights;
    private final MatrixProducts products;
    /** Layer 1's recurrent weights, and layer 2's input and recurrent weights, prepared for the products. */
    private final MatrixProducts.PreparedWeights recurrent1;

    private final MatrixProducts.PreparedWeights input2;
    private final MatrixProducts.PreparedWeights recurrent2;
    /** Layer 1's gate pre-activations for a step whose column is all background: bias + W * background. */
    private final float[] backgroundBias1;
    /** One image's non-background pixels of the current column: their rows of W, and their values. */
    private final int[] pixelRows = new int[FEATURES + 3];

    private final float[] pixelValues = new float[FEATURES + 3];
    private final float[][] gates = new float[CHUNK][GATES];
    private final float[][] output1 = new float[CHUNK][HIDDEN];
    private final float[][] output2 = new float[CHUNK][HIDDEN];
    private final float[] cell1 = new float[CHUNK * HIDDEN];
    private final float[] cell2 = new float[CHUNK * HIDDEN];
    private final CellStep cellStep = CellStep.fastest(CHUNK);
    private final double[] logits = new double[CLASSES];
    /** Layer by layer: layer 1's outputs at every step, and layer 2's gates with their input product. */
    private final float[][] outputs1ByStep = new float[STEPS * LAYER_BY_LAYER_UP_TO][HIDDEN];

    private final float[][] gates2ByStep = new float[STEPS * LAYER_BY_LAYER_UP_TO][GATES];

    LstmInference(final LstmWeights weights, final MatrixProducts products) {
        this(
                weights,
                products,
                backgroundBias(weights),
                products.prepare(weights.lstm1(), FEATURES, HIDDEN),
                products.prepare(weights.lstm2(), 0, HIDDEN),
                products.prepare(weights.lstm2(), HIDDEN, HIDDEN));
    }

    private LstmInference(
            final LstmWeights weights,
            final MatrixProducts products,
            final float[] backgroundBias1,
            final MatrixProducts.PreparedWeights recurrent1,
            final MatrixProducts.PreparedWeights input2,
            final MatrixProducts.PreparedWeights recurrent2) {
        this.weights = weights;
        this.products = products;
        this.backgroundBias1 = backgroundBias1;
        this.recurrent1 = recurrent1;
        this.input2 = input2;
        this.recurrent2 = recurrent2;
    }

    static LstmInference of(final MultiLayerNetwork network) {
        return new LstmInference(LstmWeights.of(network), MatrixProducts.FASTEST);
    }

    /** Shares the weights, which are only read, and allocates its own buffers: microseconds, not a network clone. */
    @Override
    public Inference copy() {
        return new LstmInference(weights, products, backgroundBias1, recurrent1, input2, recurrent2);
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
            Arrays.fill(output2[r], 0f);
        }
        Arrays.fill(cell1, 0, rows * HIDDEN, 0f);
        Arrays.fill(cell2, 0, rows * HIDDEN, 0f);
        if (rows <= LAYER_BY_LAYER_UP_TO) {
            computeLayerByLayer(images, first, rows);
        } else {
            computeStepByStep(images, first, rows);
        }
        for (int r = 0; r < rows; r++) {
            softmax(output2[r], probabilities, (first + r) * CLASSES);
        }
    }

    /** Both layers at each step: the layers' weights pass through the caches once per step for the whole chunk. */
    private void computeStepByStep(final List<byte[]> images, final int first, final int rows) {
        for (int step = 0; step < STEPS; step++) {
            layer1Step(images, first, rows, step);
            startGates(weights.bias2(), gates, rows);
            products.multiplyAdd(output1, input2, gates, rows);
            layer2Step(rows, step);
        }
    }

    /**
     * Layer 1 over all steps, then layer 2's input product for every step at once, then layer 2's
     * recurrence: each step then reads one layer's recurrent weights (160 KB), which stay in a core's L2
     * from step to step, where both layers' three products (480 KB) do not, and layer 2's input weights
     * pass once per chunk instead of once per step, through the full tiles. The same sums in the same
     * order as {@link #computeStepByStep}.
     */
    private void computeLayerByLayer(final List<byte[]> images, final int first, final int rows) {
        for (int step = 0; step < STEPS; step++) {
            layer1Step(images, first, rows, step);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(output1[r], 0, outputs1ByStep[step * rows + r], 0, HIDDEN);
            }
        }
        final int stepRows = STEPS * rows;
        startGates(weights.bias2(), gates2ByStep, stepRows);
        products.multiplyAdd(outputs1ByStep, input2, gates2ByStep, stepRows);
        for (int step = 0; step < STEPS; step++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(gates2ByStep[step * rows + r], 0, gates[r], 0, GATES);
            }
            layer2Step(rows, step);
        }
    }

    private void layer1Step(final List<byte[]> images, final int first, final int rows, final int step) {
        startGates(backgroundBias1, gates, rows);
        addPixels(images, first, rows, step);
        if (step > 0) {
            products.multiplyAdd(output1, recurrent1, gates, rows);
        }
        updateCells(cell1, output1, rows);
    }

    /** Layer 2's step from gates that already hold its bias and input product. */
    private void layer2Step(final int rows, final int step) {
        if (step > 0) {
            products.multiplyAdd(output2, recurrent2, gates, rows);
        }
        updateCells(cell2, output2, rows);
    }

    /**
     * Adds each image's non-background pixels of column {@code step} (its features, top to bottom,
     * see {@link ImageSequences}) times their rows of layer 1's input weights to its gates.
     */
    private void addPixels(final List<byte[]> images, final int first, final int rows, final int step) {
        for (int r = 0; r < rows; r++) {
            final byte[] pixels = images.get(first + r);
            int count = 0;
            for (int feature = 0; feature < FEATURES; feature++) {
                final int pixel = pixels[feature * STEPS + step] & 0xFF;
                if (pixel != 0) {
                    pixelRows[count] = feature;
                    pixelValues[count] = ABOVE_BACKGROUND[pixel];
                    count++;
                }
            }
            products.multiplyAddRows(pixelValues, pixelRows, count, weights.lstm1(), gates[r]);
        }
    }

    private static void startGates(final float[] bias, final float[][] gateRows, final int rows) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, 0, gateRows[r], 0, GATES);
        }
    }

    /** The LSTM cell ({@link CellStep}) on the chunk's gate rows: updates the cells and the output rows. */
    private void updateCells(final float[] cells, final float[][] outputRows, final int rows) {
        cellStep.apply(gates, rows, cells, outputRows);
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

    private static float[] aboveBackground() {
        final float[] values = new float[256];
        for (int p = 0; p < values.length; p++) {
            values[p] = ImageSequences.normalize((byte) p) - BACKGROUND;
        }
        return values;
    }

    private static float[] backgroundBias(final LstmWeights weights) {
        final float[] bias = new float[GATES];
        for (int j = 0; j < GATES; j++) {
            double sum = weights.bias1()[j];
            for (int feature = 0; feature < FEATURES; feature++) {
                sum += (double) BACKGROUND * weights.lstm1()[feature][j];
            }
            bias[j] = (float) sum;
        }
        return bias;
    }
}
