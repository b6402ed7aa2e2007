package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastMathTest {

    @Test
    void shouldApproximateTanhAndSigmoidWithin3e7WhenSweptOverTheFloatRange() {
        double tanhError = 0;
        double sigmoidError = 0;
        for (float x = -40f; x <= 40f; x += 1e-3f) {
            tanhError = Math.max(tanhError, Math.abs(FastMath.tanh(x) - Math.tanh(x)));
            sigmoidError = Math.max(sigmoidError, Math.abs(FastMath.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }

        assertThat(tanhError).isLessThan(3e-7);
        assertThat(sigmoidError).isLessThan(3e-7);
    }

    @Test
    void shouldStayWithinTheRangeWhenInputsAreHuge() {
        assertThat(FastMath.tanh(1e30f)).isBetween(1f - 3e-7f, 1f);
        assertThat(FastMath.tanh(-1e30f)).isBetween(-1f, -1f + 3e-7f);
        assertThat(FastMath.sigmoid(1e30f)).isBetween(1f - 3e-7f, 1f);
        assertThat(FastMath.sigmoid(-1e30f)).isBetween(0f, 3e-7f);
    }
}
