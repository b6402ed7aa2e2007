package dev.digitstream.trainer;

import dev.digitstream.model.LstmTraining;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** {@link TrainingEngine.Engine#FAST}: {@link LstmTraining}, its weights written back into the DL4J network on demand. */
final class FastEngine implements TrainingEngine {

    private final MultiLayerNetwork network;
    private final LstmTraining training;

    FastEngine(final MultiLayerNetwork network, final int threads, final double weightAveraging) {
        this.network = network;
        this.training = LstmTraining.of(network, threads, weightAveraging);
    }

    @Override
    public double fit(final MnistBatch batch, final double learningRate) {
        return training.fit(batch.images(), batch.labels(), learningRate);
    }

    @Override
    public float[] probabilities(final List<byte[]> images) {
        return training.probabilities(images);
    }

    @Override
    public MultiLayerNetwork network() {
        training.writeTo(network);
        return network;
    }

    @Override
    public void close() {
        training.close();
    }
}
