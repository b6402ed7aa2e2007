package dev.digitstream.model;

import java.util.Arrays;
import java.util.List;

/**
 * One shard of a training batch through {@link LstmNetwork} and back: the forward pass, keeping what
 * the backward pass needs, then backpropagation through time over all {@link ImageSequences#STEPS}
 * steps, adding the shard's share of the batch's mean cross-entropy gradient to a gradient in
 * {@link LstmWeights}' shape. The cell, the gate order and the activations are those of {@link
 * LstmInference} (DL4J's, {@link LstmCell}); the tests check the gradients against DL4J's own.
 *
 * <p>Per step and layer, the products are: the gates from {@code [input, previous output]} times the
 * packed weights (as at inference); the weight gradient, the step's inputs (transposed) times its gate
 * gradients; and the gradient of the inputs, the gate gradients times the transposed weights. The
 * element-wise work runs over flat arrays, image after image, so that C2 vectorizes it (see {@link
 * LstmCell}).
 *
 * <p>Buffers are allocated once per instance: one instance per worker thread.
 */
final class LstmBackprop {

    /** Images per shard: a batch is cut into shards of this many, each computed on its own and summed in order. */
    static final int SHARD = 64;

    private static final int HIDDEN = LstmNetwork.HIDDEN;
    private static final int GATES = LstmWeights.GATES;
    private static final int FEATURES = ImageSequences.FEATURES;
    private static final int STEPS = ImageSequences.STEPS;
    private static final int CLASSES = LstmNetwork.CLASSES;
    private static final int UNITS = SHARD * HIDDEN;
    /** DL4J's softmax clipping for the cross-entropy score. */
    private static final double MIN_PROBABILITY = 1e-10;
    /** The network's input value of each pixel byte, through the one transform. */
    private static final float[] PIXEL_VALUES = pixelValues();

    private final MatrixProducts products;
    private final Layer layer1 = new Layer(FEATURES);
    private final Layer layer2 = new Layer(HIDDEN);
    /** One step's gate pre-activations, then its gate gradients, {@code [image][GATES]}; padding rows stay zero. */
    private final float[][] gateRows = new float[SHARD][GATES];
    /** One step's inputs transposed, {@code [input][image]}, images padded with zeros to a multiple of 4. */
    private final float[][] transposed = new float[2 * HIDDEN][SHARD];
    /** One step's gradient of the layer's inputs: {@code [image][below output, own previous output]}. */
    private final float[][] inputGradients = new float[SHARD][2 * HIDDEN];
    /** The gradient of layer 1's output at each step, from layer 2: {@code [step][image * HIDDEN]}. */
    private final float[][] belowGradients = new float[STEPS][UNITS];
    /** The gradient of the layer's output at the current step. */
    private final float[] hiddenGradient = new float[UNITS];
    /** The gradient of the layer's output from the next step, through the recurrent weights. */
    private final float[] recurrentGradient = new float[UNITS];
    /** The cell gradient, carried back one step at a time. */
    private final float[] cellGradient = new float[UNITS];
    /** The four gate blocks' pre-activation gradients, flat. */
    private final float[] blockDelta = new float[UNITS];

    private final float[] forgetDelta = new float[UNITS];
    private final float[] outputDelta = new float[UNITS];
    private final float[] inputDelta = new float[UNITS];
    /** Layer 2's output at the last step, the output layer's input. */
    private final float[] lastHidden = new float[UNITS];

    private final float[] hidden = new float[UNITS];
    private final double[] logits = new double[CLASSES];

    LstmBackprop(final MatrixProducts products) {
        this.products = products;
    }

    /**
     * Adds the gradient of the batch's mean loss over the shard's images to {@code gradient}.
     *
     * @param images               the batch
     * @param labels               the true digit of each image of the batch
     * @param first                the shard's first image in the batch
     * @param count                the shard's images, at most {@link #SHARD}
     * @param batchSize            the whole batch's images: the mean is over them
     * @param weights              the network
     * @param recurrentTransposed1 layer 1's recurrent weights transposed, {@code [GATES][HIDDEN]}
     * @param transposed2          layer 2's packed weights transposed, {@code [GATES][2 * HIDDEN]}
     * @return the sum of the shard's cross-entropy losses
     */
    double accumulate(
            final List<byte[]> images,
            final int[] labels,
            final int first,
            final int count,
            final int batchSize,
            final LstmWeights weights,
            final float[][] recurrentTransposed1,
            final float[][] transposed2,
            final LstmWeights gradient) {
        if (count < 1 || count > SHARD) {
            throw new IllegalArgumentException("a shard has 1 to " + SHARD + " images, got " + count);
        }
        readInputs(images, first, count);
        for (int step = 0; step < STEPS; step++) {
            forward(layer1, step, count, weights.lstm1(), weights.bias1(), layer2);
            forward(layer2, step, count, weights.lstm2(), weights.bias2(), null);
        }
        final double loss = outputLayer(labels, first, count, batchSize, weights, gradient);

        Arrays.fill(recurrentGradient, 0f);
        Arrays.fill(cellGradient, 0f);
        for (int step = STEPS - 1; step >= 0; step--) {
            final int units = count * HIDDEN;
            for (int u = 0; u < units; u++) {
                hiddenGradient[u] += recurrentGradient[u];
            }
            backward(layer2, step, count, gradient.lstm2(), gradient.bias2(), transposed2, 2 * HIDDEN);
            for (int r = 0; r < count; r++) {
                System.arraycopy(inputGradients[r], 0, belowGradients[step], r * HIDDEN, HIDDEN);
                System.arraycopy(inputGradients[r], HIDDEN, recurrentGradient, r * HIDDEN, HIDDEN);
            }
            Arrays.fill(hiddenGradient, 0f);
        }

        Arrays.fill(recurrentGradient, 0f);
        Arrays.fill(cellGradient, 0f);
        for (int step = STEPS - 1; step >= 0; step--) {
            final float[] below = belowGradients[step];
            final int units = count * HIDDEN;
            for (int u = 0; u < units; u++) {
                hiddenGradient[u] = below[u] + recurrentGradient[u];
            }
            backward(layer1, step, count, gradient.lstm1(), gradient.bias1(), recurrentTransposed1, HIDDEN);
            if (step > 0) {
                for (int r = 0; r < count; r++) {
                    System.arraycopy(inputGradients[r], 0, recurrentGradient, r * HIDDEN, HIDDEN);
                }
            }
        }
        return loss;
    }

    /** Layer 1's input at each step: column {@code step} of each image, top to bottom ({@link ImageSequences}). */
    private void readInputs(final List<byte[]> images, final int first, final int count) {
        for (int r = 0; r < count; r++) {
            final byte[] pixels = images.get(first + r);
            ImageSequences.requireImage(pixels);
            for (int step = 0; step < STEPS; step++) {
                final float[] input = layer1.inputs[step][r];
                for (int feature = 0; feature < FEATURES; feature++) {
                    input[feature] = PIXEL_VALUES[pixels[feature * STEPS + step] & 0xFF];
                }
            }
        }
    }

    /** One step of one layer; its output goes to its own next step and to {@code above}'s input (if any). */
    private void forward(
            final Layer layer,
            final int step,
            final int count,
            final float[][] weights,
            final float[] bias,
            final Layer above) {
        for (int r = 0; r < count; r++) {
            System.arraycopy(bias, 0, gateRows[r], 0, GATES);
        }
        // At the first step the previous output is zero: its product is skipped.
        products.multiplyAdd(layer.inputs[step], step == 0 ? layer.size : layer.width, weights, 0, gateRows, count);
        final float[] block = layer.block[step];
        final float[] forget = layer.forget[step];
        final float[] output = layer.output[step];
        final float[] input = layer.input[step];
        final float[] cell = layer.cell[step];
        final int units = count * HIDDEN;
        LstmCell.activateGates(gateRows, count, block, forget, output, input);
        LstmCell.updateCells(forget, step == 0 ? null : layer.cell[step - 1], input, block, cell, units);
        final float[] out = step == STEPS - 1 && above == null ? lastHidden : hidden;
        LstmCell.outputs(cell, output, layer.cellTanh[step], out, units);
        for (int r = 0; r < count; r++) {
            if (step + 1 < STEPS) {
                System.arraycopy(out, r * HIDDEN, layer.inputs[step + 1][r], layer.size, HIDDEN);
            }
            if (above != null) {
                System.arraycopy(out, r * HIDDEN, above.inputs[step][r], 0, HIDDEN);
            }
        }
    }

    /**
     * Softmax over {@code lastHidden x W + b}; adds the output layer's gradients and sets {@link
     * #hiddenGradient} to the gradient of layer 2's last output.
     */
    private double outputLayer(
            final int[] labels,
            final int first,
            final int count,
            final int batchSize,
            final LstmWeights weights,
            final LstmWeights gradient) {
        final float[] w = weights.output();
        final float[] b = weights.outputBias();
        final float[] gradientW = gradient.output();
        final float[] gradientB = gradient.outputBias();
        double loss = 0;
        for (int r = 0; r < count; r++) {
            final int offset = r * HIDDEN;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double sum = b[c];
                for (int k = 0; k < HIDDEN; k++) {
                    sum += (double) lastHidden[offset + k] * w[k * CLASSES + c];
                }
                logits[c] = sum;
                max = Math.max(max, sum);
            }
            double total = 0;
            for (int c = 0; c < CLASSES; c++) {
                logits[c] = Math.exp(logits[c] - max);
                total += logits[c];
            }
            final int label = labels[first + r];
            for (int c = 0; c < CLASSES; c++) {
                final double probability = logits[c] / total;
                if (c == label) {
                    loss -= Math.log(Math.max(probability, MIN_PROBABILITY));
                }
                // d loss / d logit for softmax with cross-entropy, averaged over the batch
                logits[c] = (probability - (c == label ? 1 : 0)) / batchSize;
                gradientB[c] += (float) logits[c];
            }
            for (int k = 0; k < HIDDEN; k++) {
                final double h = lastHidden[offset + k];
                double sum = 0;
                for (int c = 0; c < CLASSES; c++) {
                    gradientW[k * CLASSES + c] += (float) (h * logits[c]);
                    sum += logits[c] * w[k * CLASSES + c];
                }
                hiddenGradient[offset + k] = (float) sum;
            }
        }
        return loss;
    }

    /**
     * One step of one layer backwards, given {@link #hiddenGradient} (the gradient of its output) and
     * {@link #cellGradient} (carried from the next step): adds the weight and bias gradients and sets
     * {@link #inputGradients} (its first {@code inputColumns} columns) to the gradient of the step's
     * {@code [input, previous output]} or, for layer 1, of its previous output alone.
     */
    private void backward(
            final Layer layer,
            final int step,
            final int count,
            final float[][] gradientW,
            final float[] gradientB,
            final float[][] weightsTransposed,
            final int inputColumns) {
        final int units = count * HIDDEN;
        final float[] block = layer.block[step];
        final float[] forget = layer.forget[step];
        final float[] output = layer.output[step];
        final float[] input = layer.input[step];
        final float[] cellTanh = layer.cellTanh[step];
        for (int u = 0; u < units; u++) {
            cellGradient[u] += hiddenGradient[u] * output[u] * (1 - cellTanh[u] * cellTanh[u]);
        }
        for (int u = 0; u < units; u++) {
            outputDelta[u] = hiddenGradient[u] * cellTanh[u] * output[u] * (1 - output[u]);
        }
        for (int u = 0; u < units; u++) {
            blockDelta[u] = cellGradient[u] * input[u] * (1 - block[u] * block[u]);
        }
        for (int u = 0; u < units; u++) {
            inputDelta[u] = cellGradient[u] * block[u] * input[u] * (1 - input[u]);
        }
        if (step > 0) {
            final float[] previous = layer.cell[step - 1];
            for (int u = 0; u < units; u++) {
                forgetDelta[u] = cellGradient[u] * previous[u] * forget[u] * (1 - forget[u]);
            }
        } else {
            Arrays.fill(forgetDelta, 0, units, 0f);
        }
        for (int u = 0; u < units; u++) {
            cellGradient[u] *= forget[u];
        }
        for (int r = 0; r < count; r++) {
            final float[] g = gateRows[r];
            System.arraycopy(blockDelta, r * HIDDEN, g, 0, HIDDEN);
            System.arraycopy(forgetDelta, r * HIDDEN, g, HIDDEN, HIDDEN);
            System.arraycopy(outputDelta, r * HIDDEN, g, 2 * HIDDEN, HIDDEN);
            System.arraycopy(inputDelta, r * HIDDEN, g, 3 * HIDDEN, HIDDEN);
            for (int j = 0; j < GATES; j++) {
                gradientB[j] += g[j];
            }
        }
        final int padded = (count + 3) & ~3;
        for (int r = count; r < padded; r++) {
            Arrays.fill(gateRows[r], 0f);
        }
        // At the first step the previous output is zero: it adds nothing to the recurrent weights' gradient.
        final int used = step == 0 ? layer.size : layer.width;
        final float[][] inputs = layer.inputs[step];
        for (int k = 0; k < used; k++) {
            final float[] column = transposed[k];
            for (int r = 0; r < count; r++) {
                column[r] = inputs[r][k];
            }
            for (int r = count; r < padded; r++) {
                column[r] = 0f;
            }
        }
        products.multiplyAdd(transposed, padded, gateRows, 0, gradientW, used);
        if (step > 0 || layer == layer2) {
            for (int r = 0; r < count; r++) {
                Arrays.fill(inputGradients[r], 0, inputColumns, 0f);
            }
            PlainMatrixProducts.multiplyAdd(gateRows, GATES, weightsTransposed, inputGradients, count, inputColumns);
        }
    }

    private static float[] pixelValues() {
        final float[] values = new float[256];
        for (int p = 0; p < values.length; p++) {
            values[p] = ImageSequences.normalize((byte) p);
        }
        return values;
    }

    /** What one layer keeps from its forward pass, per step, for the backward pass. */
    private static final class Layer {

        /** The input features per step: 28 pixels for layer 1, layer 1's output for layer 2. */
        final int size;
        /** Input and previous output together: the rows of the packed weights. */
        final int width;
        /** {@code [step][image][input, previous output]}. */
        final float[][][] inputs;
        /** The activated gate blocks, {@code [step][image * HIDDEN]}. */
        final float[][] block = new float[STEPS][UNITS];

        final float[][] forget = new float[STEPS][UNITS];
        final float[][] output = new float[STEPS][UNITS];
        final float[][] input = new float[STEPS][UNITS];
        final float[][] cell = new float[STEPS][UNITS];
        final float[][] cellTanh = new float[STEPS][UNITS];

        Layer(final int size) {
            this.size = size;
            this.width = size + HIDDEN;
            this.inputs = new float[STEPS][SHARD][width];
        }
    }
}
