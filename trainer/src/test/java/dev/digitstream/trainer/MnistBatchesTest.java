package dev.digitstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.model.ImageSequences;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class MnistBatchesTest {

    private static final int SIZE = 10;

    @Test
    void shouldBuildSequencesAndOneHotLabelsWhenReadInOrder() {
        final MnistDataset data = dataset(SIZE);
        final MnistBatches batches = MnistBatches.inOrder(data, 4);

        final DataSet first = batches.next();

        assertThat(first.getFeatures().shape()).containsExactly(4, ImageSequences.FEATURES, ImageSequences.STEPS);
        assertThat(first.getFeatures())
                .isEqualTo(ImageSequences.toSequences(data.images().subList(0, 4)));
        assertThat(first.getLabels().shape()).containsExactly(4, 10);
        for (int b = 0; b < 4; b++) {
            final INDArray row = first.getLabels().getRow(b);
            assertThat(row.sumNumber().doubleValue()).isEqualTo(1.0);
            assertThat(row.getDouble(data.label(b))).isEqualTo(1.0);
        }
    }

    @Test
    void shouldEndWithSmallerBatchWhenSizeDoesNotDivide() {
        final MnistBatches batches = MnistBatches.inOrder(dataset(SIZE), 4);

        final List<Integer> sizes = new ArrayList<>();
        while (batches.hasNext()) {
            sizes.add(batches.next().numExamples());
        }

        assertThat(sizes).containsExactly(4, 4, 2);
        assertThat(batches.batchCount()).isEqualTo(3);
    }

    @Test
    void shouldVisitEveryImageOnceInNewOrderWhenShuffledPerEpoch() {
        final MnistDataset data = dataset(SIZE);
        final MnistBatches batches = MnistBatches.shuffled(data, 3, 7);

        final List<Integer> first = pass(batches);
        batches.reset();
        final List<Integer> second = pass(batches);

        assertThat(first).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(second).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void shouldRepeatOrderWhenSeedIsTheSame() {
        final MnistDataset data = dataset(SIZE);

        assertThat(pass(MnistBatches.shuffled(data, 3, 7))).isEqualTo(pass(MnistBatches.shuffled(data, 3, 7)));
        assertThat(pass(MnistBatches.shuffled(data, 3, 7))).isNotEqualTo(pass(MnistBatches.shuffled(data, 3, 8)));
    }

    /** Image i is filled with the value i, so the first feature of each example says which image it is. */
    private static MnistDataset dataset(final int size) {
        final List<byte[]> images = new ArrayList<>();
        final byte[] labels = new byte[size];
        for (int i = 0; i < size; i++) {
            final byte[] pixels = new byte[ImageSequences.PIXELS];
            java.util.Arrays.fill(pixels, (byte) (i * 20));
            images.add(pixels);
            labels[i] = (byte) (i % 10);
        }
        return new MnistDataset(images, labels);
    }

    private static List<Integer> pass(final MnistBatches batches) {
        final List<Integer> indices = new ArrayList<>();
        while (batches.hasNext()) {
            final INDArray features = batches.next().getFeatures();
            for (int b = 0; b < features.size(0); b++) {
                final float value = features.getFloat(b, 0, 0);
                for (int i = 0; i < SIZE; i++) {
                    if (ImageSequences.normalize((byte) (i * 20)) == value) {
                        indices.add(i);
                    }
                }
            }
        }
        return indices;
    }
}
