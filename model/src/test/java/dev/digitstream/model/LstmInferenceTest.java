package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.mnist.MnistSource;
import dev.digitstream.mnist.MnistTestData;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The fast path against DL4J's {@code output()}: equal within 1e-5 per probability. */
class LstmInferenceTest {

    private static final double TOLERANCE = 1e-5;
    private static final int TEST_IMAGES = 10_000;
    /** Enough for trained-like weights (well above chance, saturating gates) in a few seconds. */
    private static final int TRAINING_IMAGES = 2_000;

    private static final int DL4J_BATCH = 1_000;

    private static List<byte[]> testImages;
    private static MultiLayerNetwork trained;

    @BeforeAll
    static void trainBriefly() {
        Nd4jThreads.configure(1);
        final MnistSource mnist = MnistSource.directory(MnistTestData.directory());
        testImages = mnist.test().limit(TEST_IMAGES).images();
        final MnistDataset training = mnist.train().limit(TRAINING_IMAGES);
        final List<byte[]> images = training.images();
        final byte[] labels = training.labels();
        trained = LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 5e-3, 50, 1, 7));
        for (int first = 0; first < TRAINING_IMAGES; first += 50) {
            final INDArray features = ImageSequences.toSequences(images.subList(first, first + 50));
            final INDArray oneHot = Nd4j.zeros(50, LstmNetwork.CLASSES);
            for (int i = 0; i < 50; i++) {
                oneHot.putScalar(i, labels[first + i], 1.0);
            }
            trained.fit(new DataSet(features, oneHot));
        }
    }

    @Test
    void shouldEqualDl4jOutputOnAllTestImagesWhenTrained() {
        final float[] expected = dl4jProbabilities(trained, testImages);

        final float[] actual = fastProbabilities(new Classifier(trained), testImages, 256);

        assertThat(maxAbsoluteDifference(actual, expected)).isLessThan(TOLERANCE);
        assertThat(accuracyAgainstDl4j(actual, expected)).isEqualTo(1.0);
    }

    @Test
    void shouldEqualDl4jOutputOnAllTestImagesWithThePlainKernelToo() {
        final float[] expected = dl4jProbabilities(trained, testImages);
        final LstmInference plain = new LstmInference(LstmWeights.of(trained), new PlainMatrixProducts());

        final float[] actual = plain.probabilities(testImages);

        assertThat(maxAbsoluteDifference(actual, expected)).isLessThan(TOLERANCE);
        assertThat(accuracyAgainstDl4j(actual, expected)).isEqualTo(1.0);
    }

    /**
     * Twice the initial weights saturate many gates. (At three times, the recurrence amplifies float
     * rounding so much that DL4J's own outputs for batches of 7 and 2,000 differ by 1.2e-5.)
     */
    @Test
    void shouldEqualDl4jOutputWhenLargeWeightsSaturateTheGates() {
        final MultiLayerNetwork saturated = LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 3));
        saturated.params().muli(2);
        final List<byte[]> images = testImages.subList(0, 2_000);

        final float[] actual = fastProbabilities(new Classifier(saturated), images, 64);

        assertThat(maxAbsoluteDifference(actual, dl4jProbabilities(saturated, images)))
                .isLessThan(TOLERANCE);
    }

    @Test
    void shouldGiveTheSameProbabilitiesWhenBatchesAre1Or7Or256() {
        final List<byte[]> images = testImages.subList(0, 256);
        final float[] expected = dl4jProbabilities(trained, images);
        final Classifier classifier = new Classifier(trained);

        for (final int batch : new int[] {1, 7, 256}) {
            assertThat(maxAbsoluteDifference(fastProbabilities(classifier, images, batch), expected))
                    .as("batch %d", batch)
                    .isLessThan(TOLERANCE);
        }
    }

    @Test
    void shouldGiveBitForBitTheSameProbabilitiesLayerByLayerWhenBatchesAreSmall() {
        final List<byte[]> images = testImages.subList(0, 60);
        final Classifier classifier = new Classifier(trained);
        final float[] stepByStep = fastProbabilities(classifier, images, images.size());

        for (int batch = 1; batch <= LstmInference.LAYER_BY_LAYER_UP_TO; batch++) {
            assertThat(fastProbabilities(classifier, images, batch))
                    .as("batch %d", batch)
                    .containsExactly(stepByStep);
        }
    }

    @Test
    void shouldRejectANetworkOfAnotherArchitecture() {
        final MultiLayerNetwork graves = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .list()
                .layer(new GravesLSTM.Builder()
                        .nIn(ImageSequences.FEATURES)
                        .nOut(LstmNetwork.HIDDEN)
                        .build())
                .layer(new LastTimeStep(new GravesLSTM.Builder()
                        .nIn(LstmNetwork.HIDDEN)
                        .nOut(LstmNetwork.HIDDEN)
                        .build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX)
                        .nIn(LstmNetwork.HIDDEN)
                        .nOut(LstmNetwork.CLASSES)
                        .build())
                .build());
        graves.init();

        assertThatThrownBy(() -> new Classifier(graves))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not the network LstmNetwork builds");
    }

    private static float[] dl4jProbabilities(final MultiLayerNetwork network, final List<byte[]> images) {
        return probabilities(Classifier.usingDl4jOutput(network), images, DL4J_BATCH);
    }

    private static float[] fastProbabilities(final Classifier classifier, final List<byte[]> images, final int batch) {
        return probabilities(classifier, images, batch);
    }

    private static float[] probabilities(final Classifier classifier, final List<byte[]> images, final int batch) {
        final List<Classification> results = new ArrayList<>(images.size());
        for (int first = 0; first < images.size(); first += batch) {
            results.addAll(classifier.classify(images.subList(first, Math.min(images.size(), first + batch))));
        }
        final float[] flat = new float[images.size() * LstmNetwork.CLASSES];
        for (int i = 0; i < results.size(); i++) {
            System.arraycopy(results.get(i).probabilities(), 0, flat, i * LstmNetwork.CLASSES, LstmNetwork.CLASSES);
        }
        return flat;
    }

    private static double maxAbsoluteDifference(final float[] actual, final float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return max;
    }

    /** The share of images whose most probable digit is the same on both paths. */
    private static double accuracyAgainstDl4j(final float[] actual, final float[] expected) {
        int same = 0;
        final int images = actual.length / LstmNetwork.CLASSES;
        for (int i = 0; i < images; i++) {
            if (Classification.mostProbable(actual, i * LstmNetwork.CLASSES)
                    == Classification.mostProbable(expected, i * LstmNetwork.CLASSES)) {
                same++;
            }
        }
        return (double) same / images;
    }
}
