package dev.digitstream.console.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.console.ConsoleProperties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ClientRateLimiter limiter = new ClientRateLimiter(new ConsoleProperties.RateLimit(2, 3), nanos::get);

    @Test
    void shouldAllowTheBurstThenRefuseWhenOneClientSendsAtOnce() {
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b"))
                .as("another client has its own bucket")
                .isTrue();
    }

    @Test
    void shouldAllowAgainAtTheConfiguredRateWhenTimePasses() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("a");
        }
        nanos.addAndGet(400_000_000L);
        assertThat(limiter.tryAcquire("a")).as("0.8 tokens after 0.4 s at 2/s").isFalse();
        nanos.addAndGet(200_000_000L);
        assertThat(limiter.tryAcquire("a")).as("1.2 tokens after 0.6 s").isTrue();
    }
}
