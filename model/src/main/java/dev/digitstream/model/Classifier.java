package dev.digitstream.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Classifies batches of 28x28 images with one trained network.
 *
 * <p>By default the network is computed from its exported weights by {@link LstmInference}, which
 * equals DL4J's {@code output()} within 1e-5 per probability and is many times faster;
 * {@link #usingDl4jOutput(MultiLayerNetwork)} keeps DL4J's own path (the reference and benchmark
 * baseline). Not thread-safe: an instance owns its work buffers (and DL4J's {@code output()} is
 * synchronized on the network). Give each inference thread its own {@link #copy()}.
 */
public final class Classifier {

    private final MultiLayerNetwork network;
    private final Inference inference;

    /** The fast path: the network computed from its weights (it must be one {@link LstmNetwork} builds). */
    public Classifier(final MultiLayerNetwork network) {
        this(network, LstmInference.of(network));
    }

    private Classifier(final MultiLayerNetwork network, final Inference inference) {
        this.network = network;
        this.inference = inference;
    }

    /** A classifier that calls DL4J's {@code MultiLayerNetwork.output()} for every batch. */
    public static Classifier usingDl4jOutput(final MultiLayerNetwork network) {
        return new Classifier(network, new Dl4jInference(network));
    }

    /** The underlying network. */
    public MultiLayerNetwork network() {
        return network;
    }

    /**
     * An independent classifier with the same weights and the same inference path, for another
     * thread. The fast path's copy shares the read-only weights and is cheap; {@link #network()}
     * stays the original, which a copy never computes with.
     */
    public Classifier copy() {
        return new Classifier(network, inference.copy());
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
        final float[] flat = inference.probabilities(images);
        final List<Classification> results = new ArrayList<>(images.size());
        for (int b = 0; b < images.size(); b++) {
            final float[] row = new float[LstmNetwork.CLASSES];
            System.arraycopy(flat, b * LstmNetwork.CLASSES, row, 0, LstmNetwork.CLASSES);
            results.add(toClassification(row));
        }
        return results;
    }

    private static Classification toClassification(final float[] probabilities) {
        final int best = Classification.mostProbable(probabilities, 0);
        return new Classification(best, probabilities[best], probabilities);
    }
}
