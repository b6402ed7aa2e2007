package dev.digitstream.streamer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Health and readiness ({@code streamer} in the {@code readiness} group): UP when Kafka Streams is
 * RUNNING and a model is loaded; OUT_OF_SERVICE while starting, rebalancing or waiting for the first
 * model; DOWN when Kafka Streams has failed or stopped. Details name the serving model and the last
 * refused version.
 */
@Component
class StreamerHealthIndicator implements HealthIndicator {

    private final StreamsBuilderFactoryBean streams;
    private final ModelRegistry registry;
    private final RolloutStatus rollout;

    StreamerHealthIndicator(final StreamsBuilderFactoryBean streams, final ModelRegistry registry,
                            final OnlineAccuracy accuracy) {
        this.streams = streams;
        this.registry = registry;
        this.rollout = new RolloutStatus(registry, accuracy);
    }

    @Override
    public Health health() {
        final KafkaStreams kafkaStreams = streams.getKafkaStreams();
        final KafkaStreams.State state = kafkaStreams == null ? KafkaStreams.State.CREATED : kafkaStreams.state();
        final Health.Builder health = new Health.Builder(status(state));
        health.withDetail("streams", state.name());
        registry.current().ifPresentOrElse(
                model -> health.withDetail("model", Map.of("name", model.name(), "version", model.version(),
                        "loadedAt", model.info().loadedAt().toString())),
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
            case RUNNING -> registry.current().isPresent() ? Status.UP : Status.OUT_OF_SERVICE;
            case ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN -> Status.DOWN;
            default -> Status.OUT_OF_SERVICE;
        };
    }
}
