package dev.digitstream.streamer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How busy the stream threads are classifying: the share of their time spent in the classifier over
 * windows of {@link #WINDOW}, smoothed, relative to a saturated thread. {@link BatchClassifier}
 * scales its batch wait by it (adaptive batching, like Triton's dynamic batcher): when the threads
 * are idle a partial batch goes at once, for latency; as they get busy the wait grows to
 * {@code batch.max-wait} and batches grow with the load, for throughput. One instance is shared by
 * every task of a Kafka Streams instance.
 */
final class InferenceLoad {

    static final Duration WINDOW = Duration.ofMillis(100);
    /** A stream thread flat out spent ~80% of its time classifying (the rest is Kafka): that is saturated. */
    static final double SATURATED_SHARE = 0.8;

    private final int threads;
    private final LongSupplier nanoClock;
    private final AtomicLong busyNanos = new AtomicLong();
    private long windowStart;
    private long busyAtWindowStart;
    private volatile double saturation;

    InferenceLoad(final int threads, final LongSupplier nanoClock) {
        this.threads = threads;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** Counts {@code nanos} spent classifying by one stream thread. */
    void recordBusy(final long nanos) {
        busyNanos.addAndGet(nanos);
    }

    /** From 0 (idle) to 1 (the stream threads classify as much as a saturated thread does), as of the last window. */
    double saturation() {
        final long now = nanoClock.getAsLong();
        if (now - windowStart >= WINDOW.toNanos()) {
            closeWindow(now);
        }
        return saturation;
    }

    private synchronized void closeWindow(final long now) {
        final long elapsed = now - windowStart;
        if (elapsed < WINDOW.toNanos()) {
            return; // another task's punctuation closed it meanwhile
        }
        final long busy = busyNanos.get();
        final double share = (busy - busyAtWindowStart) / ((double) elapsed * threads);
        // Half the last window, half the history: follows a change of load within a few windows.
        saturation = 0.5 * saturation + 0.5 * Math.min(1.0, share / SATURATED_SHARE);
        windowStart = now;
        busyAtWindowStart = busy;
    }
}
