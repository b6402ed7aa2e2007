package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InferenceLoadTest {

    private static final long WINDOW = InferenceLoad.WINDOW.toNanos();
    private long now = 1_000_000_000L;

    @Test
    void shouldBeIdleBeforeAnythingIsClassified() {
        final InferenceLoad load = new InferenceLoad(2, () -> now);
        now += 3 * WINDOW;

        assertThat(load.saturation()).isZero();
    }

    @Test
    void shouldApproachOneWhenEveryThreadClassifiesAsMuchAsASaturatedThread() {
        final InferenceLoad load = new InferenceLoad(2, () -> now);

        final double first = window(load, 2, InferenceLoad.SATURATED_SHARE);
        final double second = window(load, 2, InferenceLoad.SATURATED_SHARE);
        double later = second;
        for (int i = 0; i < 10; i++) {
            later = window(load, 2, InferenceLoad.SATURATED_SHARE);
        }

        assertThat(first).isCloseTo(0.5, within(1e-9));
        assertThat(second).isCloseTo(0.75, within(1e-9));
        assertThat(later).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void shouldCountTheShareOfAllThreadsAndCapAtOne() {
        final InferenceLoad halfOfOneOfTwo = new InferenceLoad(2, () -> now);
        final InferenceLoad overloaded = new InferenceLoad(1, () -> now);

        final double quarter = window(halfOfOneOfTwo, 1, 0.4);
        double capped = 0;
        for (int i = 0; i < 20; i++) {
            capped = window(overloaded, 1, 1.0);
        }

        // One of two threads busy 40% of the time: a share of 0.2, a quarter of saturation, halved by smoothing.
        assertThat(quarter).isCloseTo(0.125, within(1e-9));
        assertThat(capped).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void shouldKeepItsValueUntilAWindowHasPassed() {
        final InferenceLoad load = new InferenceLoad(1, () -> now);
        load.recordBusy(WINDOW / 2);
        now += WINDOW / 2;

        assertThat(load.saturation()).isZero();

        now += WINDOW / 2;
        assertThat(load.saturation()).isGreaterThan(0);
    }

    @Test
    void shouldFallBackWhenTheLoadGoes() {
        final InferenceLoad load = new InferenceLoad(1, () -> now);
        for (int i = 0; i < 20; i++) {
            window(load, 1, InferenceLoad.SATURATED_SHARE);
        }
        double idle = 1;
        for (int i = 0; i < 10; i++) {
            idle = window(load, 1, 0);
        }

        assertThat(idle).isLessThan(0.001);
    }

    /** One window in which {@code busyThreads} threads each classify {@code share} of the time. */
    private double window(final InferenceLoad load, final int busyThreads, final double share) {
        for (int t = 0; t < busyThreads; t++) {
            load.recordBusy(Math.round(share * WINDOW));
        }
        now += WINDOW;
        return load.saturation();
    }
}
