package dev.digitstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwapResultTest {

    @Test
    void shouldSummarizePercentilesInMillisecondsWhenGivenArrivals() {
        final List<Arrival> arrivals = new ArrayList<>();
        for (int latency = 1; latency <= 100; latency++) {
            arrivals.add(new Arrival("i" + latency, 1_000, 1_000 + latency, 1));
        }

        final LatencySummary summary = LatencySummary.of(arrivals);

        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50()).isEqualTo(50);
        assertThat(summary.p90()).isEqualTo(90);
        assertThat(summary.p99()).isEqualTo(99);
        assertThat(summary.max()).isEqualTo(100);
    }

    @Test
    void shouldBeAllZeroWhenNoArrivalMatches() {
        assertThat(LatencySummary.of(List.of())).isEqualTo(new LatencySummary(0, 0, 0, 0, 0));
    }

    @Test
    void shouldMeasureSwapFromPublicationToFirstNewVersionPredictionWhenTheNewVersionServes() {
        // Images every 100 ms from t=0, slow (400 ms) from t=1,000 to 1,500; version 2 published at
        // t=1,000 answers the images from t=1,500 on, the first arriving at t=1,510.
        final List<Arrival> arrivals = new ArrayList<>();
        for (long created = 0; created < 5_000; created += 100) {
            final long arrived = created + (created >= 1_000 && created < 1_500 ? 400 : 10);
            arrivals.add(new Arrival("i" + created, created, arrived, created >= 1_500 ? 2 : 1));
        }

        final SwapResult swap = SwapResult.of(arrivals, 2, 1_000);

        assertThat(swap.swapMillis()).isEqualTo(510);
        assertThat(swap.publishedAfterMillis()).isEqualTo(1_000);
        // The window: images created from 1,000 to 1,510 + 1,000 ms.
        assertThat(swap.duringSwap().count()).isEqualTo(16);
        assertThat(swap.duringSwap().max()).isEqualTo(400);
        assertThat(swap.steady().count()).isEqualTo(34);
        assertThat(swap.steady().max()).isEqualTo(10);
        assertThat(swap.oldVersionAnswers() + swap.newVersionAnswers()).isEqualTo(50);
    }

    @Test
    void shouldReportNoSwapWhenNoPredictionNamesTheNewVersion() {
        final List<Arrival> arrivals = List.of(new Arrival("a", 0, 5, 1), new Arrival("b", 2_000, 2_005, 1));

        final SwapResult swap = SwapResult.of(arrivals, 2, 1_000);

        assertThat(swap.swapMillis()).isEqualTo(-1);
        assertThat(swap.newVersionAnswers()).isZero();
        assertThat(swap.duringSwap().count()).isEqualTo(1);
    }
}
