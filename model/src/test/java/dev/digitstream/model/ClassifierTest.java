package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassifierTest {

    private final Classifier classifier =
            new Classifier(LstmNetwork.build(new Hyperparameters(UpdaterKind.ADADELTA, 1.0, 64, 1, 7)));

    @Test
    void shouldReturnTenProbabilitiesSummingToOneAndTheMostLikelyDigit() {
        final Classification result = classifier.classify(randomImages(1, 3).get(0));

        assertThat(result.probabilities()).hasSize(10);
        double sum = 0;
        float max = 0;
        for (final float p : result.probabilities()) {
            sum += p;
            max = Math.max(max, p);
        }
        assertThat(sum).isCloseTo(1.0, within(1e-4));
        assertThat(result.confidence()).isEqualTo(max);
        assertThat(result.probabilities()[result.digit()]).isEqualTo(max);
    }

    @Test
    void shouldAnswerABatchInOrderAndAsEachImageAlone() {
        final List<byte[]> images = randomImages(5, 11);

        final List<Classification> batch = classifier.classify(images);

        assertThat(batch).hasSize(5);
        for (int i = 0; i < images.size(); i++) {
            final Classification alone = classifier.classify(images.get(i));
            assertThat(batch.get(i).digit()).isEqualTo(alone.digit());
            for (int d = 0; d < 10; d++) {
                assertThat(batch.get(i).probabilities()[d]).isCloseTo(alone.probabilities()[d], within(1e-5f));
            }
        }
    }

    @Test
    void shouldGiveTheSameAnswersFromACopy() {
        final List<byte[]> images = randomImages(3, 5);

        assertThat(classifier.copy().classify(images))
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(classifier.classify(images));
    }

    @Test
    void shouldReturnNothingForAnEmptyBatch() {
        assertThat(classifier.classify(List.of())).isEmpty();
    }

    private static List<byte[]> randomImages(final int count, final long seed) {
        final Random random = new Random(seed);
        final List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final byte[] pixels = new byte[784];
            random.nextBytes(pixels);
            images.add(pixels);
        }
        return images;
    }
}
