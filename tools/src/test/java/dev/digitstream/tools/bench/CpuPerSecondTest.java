package dev.digitstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuPerSecondTest {

    @Test
    void shouldGiveEachSecondTheCoresOfEveryProcessWhenSamplingFromAMoment() {
        final List<CpuPerSecond.Second> seconds;
        try (CpuPerSecond cpu =
                CpuPerSecond.start(Map.of("harness", ProcessHandle.current()), System.currentTimeMillis())) {
            final Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (cpu.seconds().size() < 2 && Instant.now().isBefore(deadline)) {
                busyWork();
            }
            seconds = cpu.seconds();
        }

        assertThat(seconds).hasSizeGreaterThanOrEqualTo(2);
        for (final CpuPerSecond.Second second : seconds) {
            // This thread kept a core busy; the share it got depends on the machine's load.
            assertThat(second.cores().get("harness")).isPositive().isLessThan(64.0);
            assertThat(second.jitCores().get("harness")).isBetween(0.0, 64.0);
        }
    }

    private static void busyWork() {
        long sum = 0;
        for (int i = 0; i < 1_000_000; i++) {
            sum += Integer.toString(i).hashCode();
        }
        assertThat(sum).isNotEqualTo(1);
    }
}
