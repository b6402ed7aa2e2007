package dev.digitstream.streamer;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Liveness ({@code streamsLiveness} in the {@code liveness} group): DOWN only when the process cannot
 * recover by itself, that is when Kafka Streams has stopped on an error (a stream thread died and the
 * client shut down). A broker outage, a rebalance or a missing model are conditions to wait out, for
 * readiness to report; restarting the process would not help them.
 */
@Component
class StreamsLiveness implements HealthIndicator {

    private final StreamsBuilderFactoryBean streams;

    StreamsLiveness(final StreamsBuilderFactoryBean streams) {
        this.streams = streams;
    }

    @Override
    public Health health() {
        final KafkaStreams kafkaStreams = streams.getKafkaStreams();
        final KafkaStreams.State state = kafkaStreams == null ? KafkaStreams.State.CREATED : kafkaStreams.state();
        final boolean failed = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
        return (failed ? Health.down() : Health.up())
                .withDetail("streams", state.name())
                .build();
    }
}
