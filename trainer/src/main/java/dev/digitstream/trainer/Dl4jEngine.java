package dev.digitstream.trainer;

import dev.digitstream.model.ImageSequences;
import dev.digitstream.model.LstmNetwork;
import dev.digitstream.model.Nd4jThreads;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** {@link TrainingEngine.Engine#DL4J}: DL4J's own {@code fit} and {@code output}. */
final class Dl4jEngine implements TrainingEngine {

    /** Large batches: inference throughput grows with batch size (DESIGN.md). */
    private static final int EVALUATION_BATCH = 500;

    private final MultiLayerNetwork network;
    private double learningRate = Double.NaN;

    Dl4jEngine(final MultiLayerNetwork network, final int threads) {
        this.network = network;
        Nd4jThreads.configure(threads);
    }

    @Override
    public double fit(final MnistBatch batch, final double learningRate) {
        if (learningRate != this.learningRate) {
            network.setLearningRate(learningRate);
            this.learningRate = learningRate;
        }
        network.fit(batch.toDataSet());
        return network.score();
    }

    @Override
    public float[] probabilities(final List<byte[]> images) {
        return probabilities(network, images);
    }

    /** DL4J's {@code output()} for each image, in large batches; ND4J's thread settings are left as they are. */
    static float[] probabilities(final MultiLayerNetwork network, final List<byte[]> images) {
        final float[] probabilities = new float[images.size() * LstmNetwork.CLASSES];
        for (int first = 0; first < images.size(); first += EVALUATION_BATCH) {
            final List<byte[]> batch = images.subList(first, Math.min(images.size(), first + EVALUATION_BATCH));
            final float[] some = network.output(ImageSequences.toSequences(batch), false)
                    .data()
                    .asFloat();
            System.arraycopy(some, 0, probabilities, first * LstmNetwork.CLASSES, some.length);
        }
        return probabilities;
    }

    @Override
    public MultiLayerNetwork network() {
        return network;
    }

    @Override
    public void close() {
        // nothing of its own
    }
}
