package dev.digitstream.trainer;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.model.Classification;
import dev.digitstream.model.LstmNetwork;
import java.util.List;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Test loss and accuracy from one forward pass over a labelled set. */
final class Evaluator {

    /** Keeps the loss finite when the network gives the true class a probability of zero. */
    private static final double MIN_PROBABILITY = 1e-7;

    private Evaluator() {}

    /** With DL4J's own {@code output()}: the reference. */
    static Evaluation evaluate(final MultiLayerNetwork network, final MnistDataset data) {
        return evaluate(images -> Dl4jEngine.probabilities(network, images), data);
    }

    static Evaluation evaluate(final Function<List<byte[]>, float[]> model, final MnistDataset data) {
        final float[] probabilities = model.apply(data.images());
        double lossSum = 0;
        int correct = 0;
        for (int index = 0; index < data.size(); index++) {
            final int offset = index * LstmNetwork.CLASSES;
            final int label = data.label(index);
            lossSum -= Math.log(Math.max(probabilities[offset + label], MIN_PROBABILITY));
            if (Classification.mostProbable(probabilities, offset) == label) {
                correct++;
            }
        }
        return new Evaluation(lossSum / data.size(), (double) correct / data.size(), data.size());
    }
}
