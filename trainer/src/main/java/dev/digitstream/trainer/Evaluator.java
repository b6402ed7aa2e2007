package dev.digitstream.trainer;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.model.Classification;
import dev.digitstream.model.LstmNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/** Test loss and accuracy from one forward pass per batch. */
final class Evaluator {

    /** Large batches: inference throughput grows with batch size (DESIGN.md). */
    static final int BATCH_SIZE = 500;
    /** Keeps the loss finite when the network gives the true class a probability of zero. */
    private static final double MIN_PROBABILITY = 1e-7;

    private Evaluator() {}

    static Evaluation evaluate(final MultiLayerNetwork network, final MnistDataset data) {
        final MnistBatches batches = MnistBatches.inOrder(data, BATCH_SIZE);
        double lossSum = 0;
        int correct = 0;
        int index = 0;
        while (batches.hasNext()) {
            final DataSet batch = batches.next();
            final float[] probabilities =
                    network.output(batch.getFeatures(), false).data().asFloat();
            final int size = probabilities.length / LstmNetwork.CLASSES;
            for (int b = 0; b < size; b++, index++) {
                final int offset = b * LstmNetwork.CLASSES;
                final int label = data.label(index);
                lossSum -= Math.log(Math.max(probabilities[offset + label], MIN_PROBABILITY));
                if (Classification.mostProbable(probabilities, offset) == label) {
                    correct++;
                }
            }
        }
        return new Evaluation(lossSum / data.size(), (double) correct / data.size(), data.size());
    }
}
