package dev.digitstream.streamer;

import dev.digitstream.schemas.DeadLetterReason;
import dev.digitstream.schemas.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streamer's Micrometer meters, exposed at {@code /actuator/prometheus}. Thread-safe: stream
 * threads record batches, the global thread records model swaps.
 */
final class StreamerMetrics {

    private final MeterRegistry registry;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final DistributionSummary batchSize;
    private final Timer inference;
    private final Timer latency;
    private final Counter swaps;
    private final AtomicLong currentVersion = new AtomicLong();
    private final AtomicLong lastSwapEpochMillis = new AtomicLong();
    private final AtomicLong candidateVersion = new AtomicLong();
    private final Map<Verdict, Counter> decisions = new EnumMap<>(Verdict.class);

    StreamerMetrics(final MeterRegistry registry) {
        this.registry = registry;
        for (final DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(
                    reason,
                    Counter.builder("digitstream.dead.letters")
                            .description("Input records sent to the dead-letter topic, by reason")
                            .tag("reason", reason.name())
                            .register(registry));
        }
        batchSize = DistributionSummary.builder("digitstream.batch.size")
                .description("Images classified together in one micro-batch")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(4096.0)
                .register(registry);
        inference = Timer.builder("digitstream.inference")
                .description("Time to classify one micro-batch")
                .publishPercentileHistogram()
                .register(registry);
        latency = Timer.builder("digitstream.latency")
                .description("End-to-end latency: image createdAt to prediction")
                .publishPercentileHistogram()
                .register(registry);
        swaps = Counter.builder("digitstream.model.swaps")
                .description("Model versions swapped in")
                .register(registry);
        Gauge.builder("digitstream.model.version", currentVersion, AtomicLong::get)
                .description("Version of the model serving now (0 before the first)")
                .register(registry);
        Gauge.builder("digitstream.model.candidate.version", candidateVersion, AtomicLong::get)
                .description("Version of the candidate compared with serving now (0 when none)")
                .register(registry);
        for (final Verdict verdict : Verdict.values()) {
            decisions.put(
                    verdict,
                    Counter.builder("digitstream.rollout.decisions")
                            .description("Rollout decisions this instance's judge made, by verdict")
                            .tag("verdict", verdict.name())
                            .register(registry));
        }
        Gauge.builder("digitstream.model.last.swap", lastSwapEpochMillis, v -> v.get() / 1000.0)
                .description("When the serving model was swapped in, seconds since the epoch (0 before the first)")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Exposes how busy the stream threads are classifying, which the adaptive batch wait follows. */
    void inferenceLoad(final InferenceLoad load) {
        Gauge.builder("digitstream.inference.saturation", load, InferenceLoad::saturation)
                .description("Stream threads' time spent classifying, relative to a saturated thread (0-1); "
                        + "the adaptive batch wait is batch.max-wait times this")
                .register(registry);
    }

    /**
     * Exposes this instance's sliding-window accuracy of the serving version and the candidate, and
     * their agreement (NaN while a window is empty).
     */
    void onlineAccuracy(final OnlineAccuracy accuracy, final ModelRegistry models) {
        Gauge.builder(
                        "digitstream.rollout.accuracy",
                        () -> models.current()
                                .map(m -> accuracy.accuracy(m.version()).orElse(Double.NaN))
                                .orElse(Double.NaN))
                .description("Accuracy of the serving version over this instance's last labeled images")
                .tag("role", "serving")
                .register(registry);
        Gauge.builder(
                        "digitstream.rollout.accuracy",
                        () -> models.deployment()
                                .flatMap(Deployment::candidateIfAny)
                                .map(m -> accuracy.accuracy(m.version()).orElse(Double.NaN))
                                .orElse(Double.NaN))
                .description("Accuracy of the candidate over this instance's last labeled images")
                .tag("role", "candidate")
                .register(registry);
        Gauge.builder(
                        "digitstream.rollout.agreement",
                        () -> models.deployment()
                                .flatMap(Deployment::candidateIfAny)
                                .map(m -> accuracy.agreement(m.version()).orElse(Double.NaN))
                                .orElse(Double.NaN))
                .description("Share of this instance's last shadowed images on which candidate and serving agreed")
                .register(registry);
    }

    void candidate(final long version) {
        candidateVersion.set(version);
    }

    void decided(final Verdict verdict) {
        decisions.get(verdict).increment();
    }

    void predicted(final String modelName, final long modelVersion, final int count) {
        if (count == 0) {
            return;
        }
        Counter.builder("digitstream.predictions")
                .description("Predictions made, by model version")
                .tag("model", modelName)
                .tag("version", Long.toString(modelVersion))
                .register(registry)
                .increment(count);
    }

    void deadLettered(final DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    void batch(final int size, final long inferenceNanos) {
        batchSize.record(size);
        inference.record(inferenceNanos, TimeUnit.NANOSECONDS);
    }

    void latency(final long millis) {
        latency.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    void swapped(final long version, final long atEpochMillis) {
        currentVersion.set(version);
        lastSwapEpochMillis.set(atEpochMillis);
        swaps.increment();
    }

    void refused(final String reason) {
        Counter.builder("digitstream.model.refusals")
                .description("Model versions refused by their checks, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
