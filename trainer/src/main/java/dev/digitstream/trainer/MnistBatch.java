package dev.digitstream.trainer;

import dev.digitstream.model.ImageSequences;
import dev.digitstream.model.LstmNetwork;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One mini-batch: the images and their true digits.
 *
 * @param images 28x28 images, row-major pixel bytes
 * @param labels the true digit of each image
 */
record MnistBatch(List<byte[]> images, int[] labels) {

    int size() {
        return images.size();
    }

    /** As DL4J's input: features through {@link ImageSequences} (the one transform serving uses too), one-hot labels. */
    DataSet toDataSet() {
        final float[] oneHot = new float[size() * LstmNetwork.CLASSES];
        for (int b = 0; b < size(); b++) {
            oneHot[b * LstmNetwork.CLASSES + labels[b]] = 1f;
        }
        return new DataSet(
                ImageSequences.toSequences(images), Nd4j.create(oneHot, new long[] {size(), LstmNetwork.CLASSES}, 'c'));
    }
}
