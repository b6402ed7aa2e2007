package dev.digitstream.streamer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Health and readiness ({@code streamer} in the {@code readiness} group): UP when Kafka Streams is
 * RUNNING and a model is loaded; OUT_OF_SERVICE while starting, rebalancing, restoring or waiting for
 * the first model or for the classifier's warm-up ({@link ClassifierWarmUp}); DOWN while the brokers do not answer ({@link BrokerReachability}) and when Kafka
 * Streams has failed or stopped. Details name the serving model, the rollout and the last refused
 * version. Liveness is {@link StreamsLiveness}'s: it does not go down for an outage of the brokers.
 */
@Component
class StreamerHealthIndicator implements HealthIndicator {

    private final StreamsBuilderFactoryBean streams;
    private final ModelRegistry registry;
    private final RolloutStatus rollout;
    private final BrokerReachability broker;
    private final ClassifierWarmUp warmUp;

    StreamerHealthIndicator(
            final StreamsBuilderFactoryBean streams,
            final ModelRegistry registry,
            final OnlineAccuracy accuracy,
            final BrokerReachability broker,
            final ClassifierWarmUp warmUp) {
        this.streams = streams;
        this.warmUp = warmUp;
        this.broker = broker;
        this.registry = registry;
        this.rollout = new RolloutStatus(registry, accuracy);
    }

    @Override
    public Health health() {
        final KafkaStreams kafkaStreams = streams.getKafkaStreams();
        final KafkaStreams.State state = kafkaStreams == null ? KafkaStreams.State.CREATED : kafkaStreams.state();
        final Optional<BrokerReachability.Unreachable> unreachable = broker.unreachable();
        final Health.Builder health = new Health.Builder(unreachable.isPresent() ? Status.DOWN : status(state));
        health.withDetail("streams", state.name());
        health.withDetail("classifier", warmUp.isDone() ? "warm" : "warming up (JIT) on synthetic images");
        unreachable.ifPresent(outage -> health.withDetail(
                "kafka", Map.of("reachable", false, "since", outage.since().toString(), "reason", outage.reason())));
        registry.current()
                .ifPresentOrElse(
                        model -> health.withDetail(
                                "model",
                                Map.of(
                                        "name",
                                        model.name(),
                                        "version",
                                        model.version(),
                                        "loadedAt",
                                        model.info().loadedAt().toString())),
                        () -> health.withDetail("model", "none loaded yet: input is held"));
        health.withDetail("rollout", rollout.describe());
        registry.lastRefusal().ifPresent(refusal -> {
            final Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("version", refusal.version());
            detail.put("reason", refusal.reason());
            detail.put("message", refusal.message());
            detail.put("at", refusal.at().toString());
            health.withDetail("lastRefusal", detail);
        });
        return health.build();
    }

    private Status status(final KafkaStreams.State state) {
        return switch (state) {
            case RUNNING -> registry.current().isPresent() && warmUp.isDone() ? Status.UP : Status.OUT_OF_SERVICE;
            case ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN -> Status.DOWN;
            default -> Status.OUT_OF_SERVICE;
        };
    }
}
