package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

    @Test
    void shouldFollowTheWeightsWithAWarmingUpDecayWhenUpdated() {
        final LstmWeights weights = LstmWeights.zeros();
        final WeightAverage average = new WeightAverage(weights, 0.999);

        fill(weights, 1f);
        average.update(weights); // decay min(0.999, 2/11)
        final float afterOne = 9f / 11;
        fill(weights, 2f);
        average.update(weights); // decay min(0.999, 3/12)

        final float expected = 0.25f * afterOne + 0.75f * 2f;
        for (final float[] array : average.weights().arrays()) {
            for (final float value : array) {
                assertThat(value).isCloseTo(expected, within(1e-6f));
            }
        }
    }

    @Test
    void shouldReachTheLongRunDecayWhenManyStepsHavePassed() {
        final LstmWeights weights = LstmWeights.zeros();
        final WeightAverage average = new WeightAverage(weights, 0.9);
        for (int step = 0; step < 200; step++) {
            average.update(weights);
        }

        fill(weights, 1f);
        average.update(weights);

        assertThat(average.weights().bias1()[0]).isCloseTo(0.1f, within(1e-6f));
    }

    @Test
    void shouldRefuseADecayOutsideZeroToOne() {
        assertThatThrownBy(() -> new WeightAverage(LstmWeights.zeros(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the averaging decay must be in (0, 1), got 1.0");
    }

    private static void fill(final LstmWeights weights, final float value) {
        for (final float[] array : weights.arrays()) {
            Arrays.fill(array, value);
        }
    }
}
