package dev.digitstream.streamer;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.mnist.MnistSource;
import dev.digitstream.mnist.MnistTestData;
import dev.digitstream.model.Hyperparameters;
import dev.digitstream.model.ImageSequences;
import dev.digitstream.model.LstmNetwork;
import dev.digitstream.model.UpdaterKind;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared MNIST files (from {@code DIGITS_MNIST_DIR}, else {@code ../shared/data/mnist} next to the
 * repository) and one small model trained on them once per test JVM, shared by the integration tests.
 */
final class MnistFixture {

    /** Enough for well above chance after one epoch, in a few seconds on two cores. */
    static final int TRAINING_IMAGES = 4_000;

    private static final int BATCH = 50;
    private static final Logger LOG = LoggerFactory.getLogger(MnistFixture.class);

    private static MnistSource source;
    private static MultiLayerNetwork trained;

    private MnistFixture() {}

    static synchronized MnistSource source() {
        if (source == null) {
            source = MnistSource.directory(MnistTestData.directory());
        }
        return source;
    }

    static MnistDataset testImages(final int count) {
        return source().test().limit(count);
    }

    /** A network trained for one epoch on the first {@value #TRAINING_IMAGES} training images. */
    static synchronized MultiLayerNetwork trainedNetwork() {
        if (trained == null) {
            final long started = System.nanoTime();
            final MnistDataset data = source().train().limit(TRAINING_IMAGES);
            final MultiLayerNetwork network =
                    LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 5e-3, BATCH, 1, 7));
            for (int from = 0; from < data.size(); from += BATCH) {
                final int to = Math.min(data.size(), from + BATCH);
                final List<byte[]> images = new ArrayList<>(data.images().subList(from, to));
                final INDArray labels = Nd4j.zeros(to - from, LstmNetwork.CLASSES);
                for (int i = from; i < to; i++) {
                    labels.putScalar(i - from, data.label(i), 1.0);
                }
                network.fit(ImageSequences.toSequences(images), labels);
            }
            LOG.info(
                    "Trained the shared test model on {} MNIST images in {} ms",
                    data.size(),
                    (System.nanoTime() - started) / 1_000_000);
            trained = network;
        }
        return trained;
    }
}
