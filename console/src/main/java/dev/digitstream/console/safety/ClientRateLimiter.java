package dev.digitstream.console.safety;

import dev.digitstream.console.ConsoleProperties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: {@code perSecond} tokens a second up to {@code burst}; each drawn digit
 * takes one. Buckets of clients quiet long enough to be full again are dropped, so the map stays small.
 */
final class ClientRateLimiter {

    /** Above this many clients, full buckets are swept out on the next request. */
    private static final int SWEEP_ABOVE = 10_000;

    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ClientRateLimiter(final ConsoleProperties.RateLimit limit, final LongSupplier nanoClock) {
        if (limit.perSecond() <= 0 || limit.burst() < 1) {
            throw new IllegalArgumentException(
                    "digitstream.console.rate-limit needs per-second > 0 and burst >= 1, got " + limit);
        }
        this.perSecond = limit.perSecond();
        this.burst = limit.burst();
        this.nanoClock = nanoClock;
    }

    /** Takes a token for {@code client}; false when it has none left. */
    boolean tryAcquire(final String client) {
        final long now = nanoClock.getAsLong();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.tokens(now) >= burst);
        }
        return buckets.computeIfAbsent(client, key -> new Bucket(burst, now)).take(now);
    }

    private final class Bucket {
        private double tokens;
        private long at;

        Bucket(final double tokens, final long at) {
            this.tokens = tokens;
            this.at = at;
        }

        synchronized double tokens(final long now) {
            return Math.min(burst, tokens + (now - at) / 1e9 * perSecond);
        }

        synchronized boolean take(final long now) {
            tokens = tokens(now);
            at = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
