package dev.digitstream.model;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** DL4J's own {@code output()}: the reference that {@link LstmInference} must equal. */
final class Dl4jInference implements Inference {

    private final MultiLayerNetwork network;

    Dl4jInference(final MultiLayerNetwork network) {
        this.network = network;
    }

    @Override
    public float[] probabilities(final List<byte[]> images) {
        return network.output(ImageSequences.toSequences(images), false).data().asFloat();
    }

    /** DL4J's {@code output()} is synchronized on the network: another thread needs its own clone. */
    @Override
    public Inference copy() {
        return new Dl4jInference(network.clone());
    }
}
