package dev.digitstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weights of an {@link LstmNetwork}, exported from DL4J once and packed for {@link LstmInference}.
 *
 * <p>Each LSTM layer is one {@code [nIn + HIDDEN][GATES]} matrix (an array per row, see
 * {@link MatrixProducts}): the input weights {@code W} on top of the recurrent weights {@code RW},
 * so that one product of the concatenated {@code [input, previous output]} row gives all gate
 * pre-activations. Columns keep DL4J's gate order (see its {@code LSTMHelpers}): block input
 * (layer activation, tanh), forget, output, input gate (gate activation, sigmoid). DL4J's plain
 * {@code LSTM} has no peepholes, and its forget-gate bias initialization is already in {@code b}.
 *
 * @param lstm1        layer 1, {@code [FEATURES + HIDDEN, GATES]}
 * @param bias1        layer 1 bias, {@code [GATES]}
 * @param lstm2        layer 2, {@code [HIDDEN + HIDDEN, GATES]}
 * @param bias2        layer 2 bias, {@code [GATES]}
 * @param output       output layer, row-major {@code [HIDDEN, CLASSES]}
 * @param outputBias   output layer bias, {@code [CLASSES]}
 */
record LstmWeights(float[][] lstm1, float[] bias1, float[][] lstm2, float[] bias2, float[] output, float[] outputBias) {

    static final int GATES = 4 * LstmNetwork.HIDDEN;
    private static final int HIDDEN = LstmNetwork.HIDDEN;

    LstmWeights {
        requireShape("layer 1", lstm1, ImageSequences.FEATURES + LstmNetwork.HIDDEN);
        requireLength("layer 1 bias", bias1, GATES);
        requireShape("layer 2", lstm2, 2 * LstmNetwork.HIDDEN);
        requireLength("layer 2 bias", bias2, GATES);
        requireLength("output layer", output, LstmNetwork.HIDDEN * LstmNetwork.CLASSES);
        requireLength("output bias", outputBias, LstmNetwork.CLASSES);
    }

    /** Reads and packs the weights, after checking that the network is the one {@link LstmNetwork} builds. */
    static LstmWeights of(final MultiLayerNetwork network) {
        requireArchitecture(network);
        return new LstmWeights(
                stack(param(network, "0_W", ImageSequences.FEATURES * GATES), param(network, "0_RW", HIDDEN * GATES)),
                param(network, "0_b", GATES),
                stack(param(network, "1_W", HIDDEN * GATES), param(network, "1_RW", HIDDEN * GATES)),
                param(network, "1_b", GATES),
                param(network, "2_W", HIDDEN * LstmNetwork.CLASSES),
                param(network, "2_b", LstmNetwork.CLASSES));
    }

    /** All zeros, in this shape: a gradient or an optimizer's state. */
    static LstmWeights zeros() {
        return new LstmWeights(
                new float[ImageSequences.FEATURES + HIDDEN][GATES],
                new float[GATES],
                new float[2 * HIDDEN][GATES],
                new float[GATES],
                new float[HIDDEN * LstmNetwork.CLASSES],
                new float[LstmNetwork.CLASSES]);
    }

    /** A deep copy. */
    LstmWeights copy() {
        final LstmWeights copy = zeros();
        copy.add(this);
        return copy;
    }

    /** Every array, rows one by one, in a fixed order: what element-wise updates run over. */
    List<float[]> arrays() {
        final List<float[]> arrays = new ArrayList<>(lstm1.length + lstm2.length + 4);
        arrays.addAll(Arrays.asList(lstm1));
        arrays.add(bias1);
        arrays.addAll(Arrays.asList(lstm2));
        arrays.add(bias2);
        arrays.add(output);
        arrays.add(outputBias);
        return arrays;
    }

    /** Adds {@code other}, element by element. */
    void add(final LstmWeights other) {
        final List<float[]> mine = arrays();
        final List<float[]> theirs = other.arrays();
        for (int a = 0; a < mine.size(); a++) {
            final float[] to = mine.get(a);
            final float[] from = theirs.get(a);
            for (int j = 0; j < to.length; j++) {
                to[j] += from[j];
            }
        }
    }

    /** Sets every element to zero. */
    void clear() {
        for (final float[] array : arrays()) {
            Arrays.fill(array, 0f);
        }
    }

    /** Writes these weights into the network's parameters (the inverse of {@link #of}). */
    void writeTo(final MultiLayerNetwork network) {
        requireArchitecture(network);
        final int features = ImageSequences.FEATURES;
        assign(network, "0_W", flatten(lstm1, 0, features));
        assign(network, "0_RW", flatten(lstm1, features, features + HIDDEN));
        assign(network, "0_b", bias1);
        assign(network, "1_W", flatten(lstm2, 0, HIDDEN));
        assign(network, "1_RW", flatten(lstm2, HIDDEN, 2 * HIDDEN));
        assign(network, "1_b", bias2);
        assign(network, "2_W", output);
        assign(network, "2_b", outputBias);
    }

    private static void assign(final MultiLayerNetwork network, final String key, final float[] rowMajor) {
        final INDArray target = network.getParam(key);
        target.assign(Nd4j.create(rowMajor, target.shape(), 'c').castTo(target.dataType()));
    }

    private static float[] flatten(final float[][] rows, final int from, final int to) {
        final float[] flat = new float[(to - from) * GATES];
        for (int k = from; k < to; k++) {
            System.arraycopy(rows[k], 0, flat, (k - from) * GATES, GATES);
        }
        return flat;
    }

    private static void requireArchitecture(final MultiLayerNetwork network) {
        if (network.getnLayers() != 3
                || !(network.getLayerWiseConfigurations().getConf(1).getLayer() instanceof LastTimeStep last)
                || !isLstm(network.getLayerWiseConfigurations().getConf(0).getLayer(), ImageSequences.FEATURES)
                || !isLstm(last.getUnderlying(), LstmNetwork.HIDDEN)
                || !(network.getLayerWiseConfigurations().getConf(2).getLayer() instanceof OutputLayer out)
                || out.getNIn() != LstmNetwork.HIDDEN
                || out.getNOut() != LstmNetwork.CLASSES
                || !(out.getActivationFn() instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException("Not the network LstmNetwork builds (" + LstmNetwork.DESCRIPTION
                    + "): cannot compute it from its weights");
        }
    }

    private static boolean isLstm(final Layer layer, final int nIn) {
        return layer instanceof LSTM lstm
                && lstm.getNIn() == nIn
                && lstm.getNOut() == LstmNetwork.HIDDEN
                && lstm.getActivationFn() instanceof ActivationTanH
                && lstm.getGateActivationFn() instanceof ActivationSigmoid;
    }

    /** A parameter as a flat row-major float array of the expected length. */
    private static float[] param(final MultiLayerNetwork network, final String key, final int length) {
        final INDArray value = network.paramTable().get(key);
        if (value == null) {
            throw new IllegalArgumentException("The network has no parameter " + key);
        }
        final float[] values = value.castTo(DataType.FLOAT).dup('c').data().asFloat();
        requireLength("parameter " + key, values, length);
        return values;
    }

    private static void requireShape(final String what, final float[][] rows, final int expectedRows) {
        if (rows.length != expectedRows) {
            throw new IllegalArgumentException(
                    "The " + what + " has " + rows.length + " rows, expected " + expectedRows);
        }
        for (final float[] row : rows) {
            requireLength(what + " row", row, GATES);
        }
    }

    private static void requireLength(final String what, final float[] values, final int expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException("The " + what + " has " + values.length + " weights, expected "
                    + expected + " (an LSTM with peepholes or another shape is not supported)");
        }
    }

    /** The rows of {@code top} then those of {@code bottom}, each {@link #GATES} wide. */
    private static float[][] stack(final float[] top, final float[] bottom) {
        final int topRows = top.length / GATES;
        final float[][] rows = new float[topRows + bottom.length / GATES][];
        for (int k = 0; k < rows.length; k++) {
            final float[] source = k < topRows ? top : bottom;
            final int from = (k < topRows ? k : k - topRows) * GATES;
            rows[k] = Arrays.copyOfRange(source, from, from + GATES);
        }
        return rows;
    }
}
