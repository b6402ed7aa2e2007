package dev.digitstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartUpCurveTest {

    private static final long START = 1_000_000L;

    @Test
    void shouldCountPredictionsPerSecondFromTheProcessStartWhenGivenArrivals() {
        final StartUpCurve curve = StartUpCurve.of(arrivals(0, 0, 5, 10, 10), START);

        assertThat(curve.perSecond()).containsExactly(0, 0, 5, 10, 10);
        assertThat(curve.firstPredictionSecond()).hasValue(2);
    }

    @Test
    void shouldReachTheSteadyRateOnlyOnceEverySecondAfterKeepsItWhenTheStartIsUneven() {
        // Slow at first, one fast second early, then steady at 100/s; the backlog runs dry at the end.
        final StartUpCurve curve =
                StartUpCurve.of(arrivals(0, 10, 95, 40, 60, 100, 100, 100, 100, 100, 100, 30), START);

        assertThat(curve.steadyRate()).isEqualTo(100);
        assertThat(curve.secondsToReach(0.9)).hasValue(6);
    }

    @Test
    void shouldReachTheSteadyRateOnAverageBeforeEverySecondKeepsItWhenSecondsAreNoisy() {
        // Steady at 100/s from second 3 (0-based), with one burst-starved second later on.
        final StartUpCurve curve =
                StartUpCurve.of(arrivals(0, 20, 60, 100, 100, 100, 100, 100, 40, 160, 100, 100, 100, 100, 30), START);

        assertThat(curve.steadyRate()).isEqualTo(100);
        assertThat(curve.secondsToReach(0.9)).hasValue(10);
        // The 5-second mean first reaches 90 at second 6 (0-based): 60 + 4 x 100 = 460 >= 5 x 90.
        assertThat(curve.secondsToReachMean(0.9, 5)).hasValue(7);
        assertThat(curve.text())
                .contains("90% of the steady rate, 5-second mean, from: 7 s after the process start")
                .contains("backlog answered: 15 s after the process start");
    }

    @Test
    void shouldPlaceTheCentredMeanTwoSecondsAfterAJumpWhereTheTrailingMeanLagsFourWhenTheRateJumpsToFull() {
        // Nothing for four seconds, then full speed from second 4 (0-based): the bar is first met in second 5.
        final StartUpCurve curve =
                StartUpCurve.of(arrivals(0, 0, 0, 0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 30), START);

        assertThat(curve.secondsToReach(0.9)).hasValue(5);
        assertThat(curve.secondsToReachMean(0.9, 5)).hasValue(9);
        assertThat(curve.secondsToReachCentredMean(0.9, 5)).hasValue(7);
        assertThat(curve.text())
                .contains("90% of the steady rate, centred 5-second mean, at: 7 s after the process start");
    }

    @Test
    void shouldPlaceTheCentredMeanWhereTheClimbCrossesTheBarWhenTheRateClimbsLinearly() {
        // A steady climb through the bar: second 10 (0-based) is the first at 90, full speed from second 12.
        final StartUpCurve curve = StartUpCurve.of(
                arrivals(0, 10, 20, 30, 40, 50, 60, 70, 80, 85, 90, 95, 100, 100, 100, 100, 100, 100, 100, 100, 30),
                START);

        assertThat(curve.steadyRate()).isEqualTo(100);
        assertThat(curve.secondsToReach(0.9)).hasValue(11);
        assertThat(curve.secondsToReachCentredMean(0.9, 5)).hasValue(11);
        assertThat(curve.secondsToReachMean(0.9, 5)).hasValue(13);
    }

    @Test
    void shouldPrintEachSecondsCoresPerProcessBesideItsPredictionsWhenTheyWereSampled() {
        final List<CpuPerSecond.Second> cpu = List.of(
                second(Map.of("streamer", 1.52, "broker", 0.04), Map.of("streamer", 0.84, "broker", 0.01)),
                second(Map.of("streamer", 1.61, "broker", 0.30), Map.of("streamer", 0.42, "broker", 0.25)));
        final StartUpCurve curve = StartUpCurve.of(arrivals(0, 50, 100), START, cpu);

        assertThat(curve.text())
                .contains("second after process start: predictions; cores (of them JIT compilers): streamer, broker\n")
                .contains("   1:       0   1.52 (0.84)   0.04 (0.01)\n")
                .contains("   2:      50   1.61 (0.42)   0.30 (0.25)\n")
                .contains("   3:     100\n");
    }

    @Test
    void shouldNeverReachTheSteadyRateWhenNothingArrives() {
        final StartUpCurve curve = StartUpCurve.of(List.of(), START);

        assertThat(curve.steadyRate()).isZero();
        assertThat(curve.firstPredictionSecond()).isEmpty();
        assertThat(curve.secondsToReachMean(0.9, 5)).isEmpty();
        assertThat(curve.secondsToReachCentredMean(0.9, 5)).isEmpty();
        assertThat(curve.text()).contains("first prediction: none");
    }

    /** One sampled second, its processes in the given order. */
    private static CpuPerSecond.Second second(final Map<String, Double> cores, final Map<String, Double> jitCores) {
        final Map<String, Double> orderedCores = new LinkedHashMap<>();
        final Map<String, Double> orderedJit = new LinkedHashMap<>();
        for (final String name : List.of("streamer", "broker")) {
            orderedCores.put(name, cores.get(name));
            orderedJit.put(name, jitCores.get(name));
        }
        return new CpuPerSecond.Second(orderedCores, orderedJit);
    }

    /** {@code counts[s]} arrivals in second {@code s} after the start. */
    private static List<Arrival> arrivals(final long... counts) {
        final List<Arrival> arrivals = new ArrayList<>();
        for (int s = 0; s < counts.length; s++) {
            for (long i = 0; i < counts[s]; i++) {
                arrivals.add(new Arrival(s + "-" + i, START, START + s * 1000L + 500, 1));
            }
        }
        return arrivals;
    }
}
