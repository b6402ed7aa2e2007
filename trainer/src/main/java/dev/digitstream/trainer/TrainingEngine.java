package dev.digitstream.trainer;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** What computes the training steps of a {@link dev.digitstream.model.LstmNetwork}: see {@link Engine}. */
interface TrainingEngine extends AutoCloseable {

    /** One step on the batch at this learning rate; returns the batch's mean loss before the step. */
    double fit(MnistBatch batch, double learningRate);

    /** The probabilities of the 10 digits for each image, with the current weights. */
    float[] probabilities(List<byte[]> images);

    /** The DL4J network, holding the current weights: the model's definition and format. */
    MultiLayerNetwork network();

    @Override
    void close();

    /** The engines, by the names the CLI accepts. */
    enum Engine {
        /**
         * The trainer's own forward and backward pass in Java ({@link dev.digitstream.model.LstmTraining}) on
         * every core, with Adam; gradients checked against DL4J's. 5-8x DL4J's speed on one core (BENCHMARKS.md).
         */
        FAST,
        /** DL4J's {@code fit}, on ND4J's native threads: every updater. */
        DL4J;

        /** An engine that trains {@code network} (built by {@code LstmNetwork}) in place, as the settings say. */
        TrainingEngine start(final MultiLayerNetwork network, final TrainingSettings settings) {
            return this == FAST
                    ? new FastEngine(network, settings.threads(), settings.weightAveraging())
                    : new Dl4jEngine(network, settings.threads());
        }

        String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
