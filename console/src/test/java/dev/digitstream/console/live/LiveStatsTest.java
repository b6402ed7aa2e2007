package dev.digitstream.console.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.digitstream.console.ConsoleProperties;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DeadLetterReason;
import dev.digitstream.schemas.DigitPrediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

class LiveStatsTest {

    private static final long T0 = 1_800_000_000_000L;

    private final LiveStats stats =
            new LiveStats(new Binder(List.of()).bindOrCreate("digitstream.console", ConsoleProperties.class));

    @Test
    void shouldCountRateLatencyAndAccuracyPerVersionWhenPredictionsArrive() {
        // Second 0: 10 predictions by v1 (8 of 10 labeled right), 50 ms each; second 1: 20 by v2, all right, 10 ms.
        stats.add(predictions(10, 1, 8, T0 - 50), List.of(), 0, T0);
        stats.add(predictions(20, 2, 20, T0 + 1000 - 10), List.of(), 0, T0 + 1000);

        final LiveSnapshot now = stats.snapshot(T0 + 3000);

        assertThat(now.predictions()).isEqualTo(30);
        assertThat(now.perSecond()).isEqualTo(10.0);
        assertThat(now.models())
                .extracting(LiveSnapshot.ModelWindow::model, LiveSnapshot.ModelWindow::accuracy)
                .containsExactly(tuple("mnist-lstm v1", 0.8), tuple("mnist-lstm v2", 1.0));
        assertThat(now.p50Millis()).isEqualTo(10.0);
        assertThat(now.p99Millis()).isEqualTo(50.0);
    }

    @Test
    void shouldForgetWhatLeftTheWindowsButKeepTheTotalsWhenTimePasses() {
        stats.add(predictions(5, 1, 5, T0 - 20), List.of(deadLetter()), 0, T0);

        final LiveSnapshot later = stats.snapshot(T0 + 120_000);

        assertThat(later.predictions()).isEqualTo(5);
        assertThat(later.models()).isEmpty();
        assertThat(later.p99Millis()).isNull();
        assertThat(later.perSecond()).isZero();
        assertThat(later.deadLettersByReason()).containsEntry("BAD_PIXEL_COUNT", 1L);
    }

    private static List<DigitPrediction> predictions(
            final int count, final long version, final int correct, final long createdAt) {
        final List<DigitPrediction> predictions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            predictions.add(DigitPrediction.newBuilder()
                    .setId("p" + i)
                    .setDigit(3)
                    .setConfidence(0.9f)
                    .setProbabilities(Collections.nCopies(10, 0.1f))
                    .setModelName("mnist-lstm")
                    .setModelVersion(version)
                    .setLabel(i < correct ? 3 : 4)
                    .setCreatedAt(Instant.ofEpochMilli(createdAt))
                    .setPredictedAt(Instant.ofEpochMilli(createdAt))
                    .build());
        }
        return predictions;
    }

    private static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setReason(DeadLetterReason.BAD_PIXEL_COUNT)
                .setMessage("783 pixels")
                .setSourceTopic("digits.in")
                .setSourcePartition(0)
                .setSourceOffset(1)
                .setOriginalBytes(null)
                .setAt(Instant.ofEpochMilli(T0))
                .build();
    }
}
