package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.mnist.MnistSource;
import dev.digitstream.mnist.MnistTestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The training fast path against DL4J: its gradients against DL4J's backpropagation (in double
 * precision, so that the difference is the fast path's own error), its Adam step against DL4J's, and
 * the weights it writes back against what DL4J then computes.
 */
class LstmTrainingTest {

    /** The bound: relative error of each parameter tensor's gradient. */
    private static final double GRADIENT_TOLERANCE = 1e-4;

    private static MnistDataset train;
    private static MnistDataset test;

    @BeforeAll
    static void readMnist() {
        Nd4jThreads.configure(1);
        final MnistSource mnist = MnistSource.directory(MnistTestData.directory());
        train = mnist.train().limit(6_000);
        test = mnist.test().limit(1_000);
    }

    @Test
    void shouldMatchDl4jGradientsWhenGivenRandomBatches() {
        final Random random = new Random(11);
        // 100 images: a whole shard and a partial one; 7: one partial shard, not a multiple of 4
        for (final int batchSize : new int[] {100, 7}) {
            final MultiLayerNetwork network = LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 5));
            final Batch batch = randomBatch(random, batchSize);

            assertGradientsMatchDl4j(network, batch, "initial weights, batch " + batchSize);
        }
    }

    /** Trained-like weights: larger, with saturated gates, where float error grows through the recurrence. */
    @Test
    void shouldMatchDl4jGradientsWhenTheWeightsSaturateTheGates() {
        final MultiLayerNetwork network = LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 9));
        network.params().muli(2);

        assertGradientsMatchDl4j(network, randomBatch(new Random(12), 64), "weights x 2");
    }

    @Test
    void shouldStepLikeDl4jAdamWhenGivenTheSameGradients() {
        final Random random = new Random(13);
        final LstmWeights weights = randomWeights(random);
        final LstmWeights expected = weights.copy();
        final AdamOptimizer adam = new AdamOptimizer();
        final double learningRate = 0.006;
        final List<float[]> arrays = expected.arrays();
        final int length = arrays.stream().mapToInt(array -> array.length).sum();
        final AdamUpdater dl4j = new AdamUpdater(new Adam(learningRate));
        dl4j.setStateViewArray(Nd4j.zeros(DataType.FLOAT, 1, 2L * length), new long[] {1, length}, 'c', true);

        for (int iteration = 0; iteration < 3; iteration++) {
            final LstmWeights gradient = randomWeights(random);
            adam.update(weights, gradient, learningRate);
            final INDArray update = Nd4j.create(flat(gradient.arrays()), new long[] {1, length}, 'c');
            dl4j.applyUpdater(update, iteration, 0);
            final float[] step = update.data().asFloat();
            int offset = 0;
            for (final float[] array : arrays) {
                for (int j = 0; j < array.length; j++) {
                    array[j] -= step[offset++];
                }
            }
        }

        assertThat(relativeError(flat(weights.arrays()), flat(expected.arrays())))
                .isLessThan(1e-6);
    }

    @Test
    void shouldGiveTheSameWeightsWhenRunOnOneOrTwoThreads() {
        final MultiLayerNetwork network = LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 21));
        final float[] one = trainBriefly(network, 1);
        final float[] two = trainBriefly(network, 2);

        assertThat(two).containsExactly(one);
    }

    @Test
    void shouldWriteBackWeightsThatDl4jComputesTheSameWhenTrained() {
        final MultiLayerNetwork network = LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 22));
        final List<byte[]> images = test.images();
        final float[] fast;
        try (LstmTraining training = LstmTraining.of(network, 2)) {
            fit(training, 0, 3_000, 0.006);
            fast = training.probabilities(images);
            training.writeTo(network);
        }

        final float[] dl4j = flat(Classifier.usingDl4jOutput(network).classify(images).stream()
                .map(Classification::probabilities)
                .toList());
        assertThat(maxAbsoluteDifference(fast, dl4j)).isLessThan(1e-5);
    }

    @Test
    void shouldLearnTheDigitsWhenTrainedOnMnist() {
        final MultiLayerNetwork network = LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 23));
        final double accuracy;
        try (LstmTraining training = LstmTraining.of(network, 2)) {
            final double firstLoss = fit(training, 0, 128, 0.006);
            double lastLoss = 0;
            for (int epoch = 0; epoch < 2; epoch++) {
                lastLoss = fit(training, 0, train.size(), 0.006);
            }
            assertThat(lastLoss).isLessThan(firstLoss / 4);
            accuracy = accuracy(training.probabilities(test.images()));
        }

        // 2 epochs of 6,000 images: ~93-95%; chance is 10%
        assertThat(accuracy).isGreaterThan(0.85);
    }

    private static void assertGradientsMatchDl4j(
            final MultiLayerNetwork network, final Batch batch, final String description) {
        final LstmWeights fast;
        try (LstmTraining training = LstmTraining.of(network, 2)) {
            training.computeGradient(batch.images(), batch.labels());
            fast = training.gradient().copy();
        }
        final Map<String, INDArray> dl4j = dl4jGradients(network, batch);
        final int features = ImageSequences.FEATURES;
        final int hidden = LstmNetwork.HIDDEN;
        final Map<String, float[]> actual = Map.of(
                "0_W", flat(fast.arrays().subList(0, features)),
                "0_RW", flat(fast.arrays().subList(features, features + hidden)),
                "0_b", fast.bias1(),
                "1_W", flat(fast.arrays().subList(features + hidden + 1, features + 2 * hidden + 1)),
                "1_RW", flat(fast.arrays().subList(features + 2 * hidden + 1, features + 3 * hidden + 1)),
                "1_b", fast.bias2(),
                "2_W", fast.output(),
                "2_b", fast.outputBias());
        actual.forEach((key, values) -> {
            final float[] expected =
                    dl4j.get(key).dup('c').castTo(DataType.FLOAT).data().asFloat();
            assertThat(relativeError(values, expected))
                    .as("%s gradient of %s", description, key)
                    .isLessThan(GRADIENT_TOLERANCE);
        });
    }

    /** DL4J's gradient of the mean loss, in double precision (DL4J's gradient is the sum; its updater divides). */
    private static Map<String, INDArray> dl4jGradients(final MultiLayerNetwork network, final Batch batch) {
        final MultiLayerNetwork reference = network.convertDataType(DataType.DOUBLE);
        final INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, batch.labels().length, LstmNetwork.CLASSES);
        for (int i = 0; i < batch.labels().length; i++) {
            oneHot.putScalar(i, batch.labels()[i], 1.0);
        }
        reference.setInput(ImageSequences.toSequences(batch.images()).castTo(DataType.DOUBLE));
        reference.setLabels(oneHot);
        reference.computeGradientAndScore();
        final Map<String, INDArray> gradients = reference.gradient().gradientForVariable();
        gradients.replaceAll((key, value) -> value.div(batch.labels().length));
        return gradients;
    }

    private static float[] trainBriefly(final MultiLayerNetwork network, final int threads) {
        try (LstmTraining training = LstmTraining.of(network, threads)) {
            fit(training, 0, 600, 0.006);
            final MultiLayerNetwork copy = network.clone();
            training.writeTo(copy);
            return copy.params().dup().data().asFloat();
        }
    }

    /** Batches of 128 over {@code [from, to)} of the training images, in order; returns the last batch's loss. */
    private static double fit(final LstmTraining training, final int from, final int to, final double learningRate) {
        double loss = Double.NaN;
        for (int first = from; first < to; first += 128) {
            final int last = Math.min(to, first + 128);
            final List<byte[]> images = train.images().subList(first, last);
            final int[] labels = new int[last - first];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = train.label(first + i);
            }
            loss = training.fit(images, labels, learningRate);
        }
        return loss;
    }

    private static double accuracy(final float[] probabilities) {
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            if (Classification.mostProbable(probabilities, i * LstmNetwork.CLASSES) == test.label(i)) {
                correct++;
            }
        }
        return (double) correct / test.size();
    }

    private static Batch randomBatch(final Random random, final int size) {
        final List<byte[]> images = new ArrayList<>(size);
        final int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            final int index = random.nextInt(train.size());
            images.add(train.image(index));
            labels[i] = train.label(index);
        }
        return new Batch(images, labels);
    }

    private static LstmWeights randomWeights(final Random random) {
        final LstmWeights weights = LstmWeights.zeros();
        for (final float[] array : weights.arrays()) {
            for (int j = 0; j < array.length; j++) {
                array[j] = (float) (random.nextGaussian() * 0.1);
            }
        }
        return weights;
    }

    private static float[] flat(final List<float[]> arrays) {
        final float[] flat =
                new float[arrays.stream().mapToInt(array -> array.length).sum()];
        int offset = 0;
        for (final float[] array : arrays) {
            System.arraycopy(array, 0, flat, offset, array.length);
            offset += array.length;
        }
        return flat;
    }

    /** {@code |actual - expected| / |expected|}, Euclidean norms. */
    private static double relativeError(final float[] actual, final float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < actual.length; i++) {
            difference += Math.pow(actual[i] - expected[i], 2);
            norm += Math.pow(expected[i], 2);
        }
        return Math.sqrt(difference / norm);
    }

    private static double maxAbsoluteDifference(final float[] actual, final float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return max;
    }

    private record Batch(List<byte[]> images, int[] labels) {}
}
