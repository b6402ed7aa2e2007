package dev.digitstream.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Classifies batches of 28x28 images with one trained network.
 *
 * <p>Not thread-safe: DL4J's {@code output()} is synchronized on the network, so threads sharing one
 * instance would serialize. Give each inference thread its own {@link #copy()}.
 */
public final class Classifier {

    private final MultiLayerNetwork network;

    public Classifier(final MultiLayerNetwork network) {
        this.network = network;
    }

    /** The underlying network. */
    public MultiLayerNetwork network() {
        return network;
    }

    /** An independent classifier with the same weights, for another thread. */
    public Classifier copy() {
        return new Classifier(network.clone());
    }

    /** Classifies one image of 784 row-major pixel bytes. */
    public Classification classify(final byte[] pixels) {
        return classify(List.of(pixels)).get(0);
    }

    /** Classifies a batch of images, each 784 row-major pixel bytes; answers in the same order. */
    public List<Classification> classify(final List<byte[]> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        final INDArray probabilities = network.output(ImageSequences.toSequences(images), false);
        final float[] flat = probabilities.data().asFloat();
        final List<Classification> results = new ArrayList<>(images.size());
        for (int b = 0; b < images.size(); b++) {
            final float[] row = new float[LstmNetwork.CLASSES];
            System.arraycopy(flat, b * LstmNetwork.CLASSES, row, 0, LstmNetwork.CLASSES);
            results.add(toClassification(row));
        }
        return results;
    }

    private static Classification toClassification(final float[] probabilities) {
        int best = 0;
        for (int digit = 1; digit < probabilities.length; digit++) {
            if (probabilities[digit] > probabilities[best]) {
                best = digit;
            }
        }
        return new Classification(best, probabilities[best], probabilities);
    }
}
