package dev.digitstream.streamer;

import dev.digitstream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires the topology, the model registry and the topics; the logic itself lives outside Spring. */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class StreamerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    StreamerMetrics streamerMetrics(final MeterRegistry meterRegistry) {
        return new StreamerMetrics(meterRegistry);
    }

    @Bean
    ModelRegistry modelRegistry(final StreamerProperties properties, final StreamerMetrics metrics, final Clock clock) {
        return new ModelRegistry(
                properties.modelName(),
                properties.rollout().mode(),
                ModelLoader.forSigningKey(properties.signingKey(), clock),
                metrics,
                clock);
    }

    /**
     * Replaces Spring Boot's default: the streamer's settings, then every {@code spring.kafka.streams.*} on top,
     * with the connection details (security protocol, SSL bundle) applied as Spring Boot's default does.
     */
    @Bean(KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
    KafkaStreamsConfiguration defaultKafkaStreamsConfig(
            final StreamerProperties properties,
            final KafkaProperties kafkaProperties,
            final KafkaConnectionDetails connectionDetails) {
        return new KafkaStreamsConfiguration(StreamsSettings.streamsConfig(
                properties, KafkaStreamsConnection.apply(kafkaProperties.buildStreamsProperties(), connectionDetails)));
    }

    /**
     * A graceful stop (SIGTERM, a rolling restart) leaves the group at once, so the others take its
     * partitions in the next rebalance instead of after the session timeout.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer leaveGroupOnClose() {
        return factoryBean -> factoryBean.setLeaveGroupOnClose(true);
    }

    @Bean
    OnlineAccuracy onlineAccuracy(final StreamerProperties properties) {
        return new OnlineAccuracy(properties.rollout().window());
    }

    @Bean
    KStream<String, ClassifierOutput> digitTopology(
            final StreamsBuilder builder,
            final StreamerProperties properties,
            final ModelRegistry registry,
            final StreamerMetrics metrics,
            final OnlineAccuracy accuracy) {
        return DigitTopology.build(builder, properties, registry, metrics, accuracy);
    }

    /** Never show a Kafka credential on the actuator's env or configprops endpoints ({@link SecretSanitizing}). */
    @Bean
    SanitizingFunction secretSanitizing() {
        return SecretSanitizing.function();
    }

    /**
     * Topic creation off (a secured cluster): the topics must exist before Kafka Streams starts, else the
     * start stops with them named.
     */
    @Bean
    @ConditionalOnProperty(name = "digitstream.topics.create", havingValue = "false")
    RequiredTopicsChecked requiredTopicsChecked(final StreamerProperties properties, final KafkaAdmin kafkaAdmin) {
        RequiredTopics.check(
                kafkaAdmin.getConfigurationProperties(),
                properties.topics().names().all(),
                properties.rollout().judge()
                        ? Optional.of(properties.topics().names().models())
                        : Optional.empty());
        return new RequiredTopicsChecked();
    }

    /** Marks that {@link RequiredTopics} passed; Kafka Streams starts after the context's beans exist. */
    static final class RequiredTopicsChecked {}

    /** Production brokers run with automatic topic creation off: create what is missing, change nothing that exists. */
    @Bean
    @ConditionalOnProperty(name = "digitstream.topics.create", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics digitTopics(final StreamerProperties properties) {
        final StreamerProperties.TopicSettings topics = properties.topics();
        return new KafkaAdmin.NewTopics(Topics.all(topics.names(), topics.partitions(), topics.replicationFactor())
                .toArray(NewTopic[]::new));
    }
}
