package dev.digitstream.streamer;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires the topology, the model registry and the topics; the logic itself lives outside Spring. */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class StreamerConfiguration {

    /** Room for a model zip (about 0.5 MB today) to grow; the contract asks for at least 4 MiB. */
    static final int MODELS_MAX_MESSAGE_BYTES = 8 << 20;

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
        return new ModelRegistry(properties.modelName(), ModelLoader.forSigningKey(properties.signingKey(), clock),
                metrics, clock);
    }

    /** Replaces Spring Boot's default: the streamer's settings, then every {@code spring.kafka.streams.*} on top. */
    @Bean(KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
    KafkaStreamsConfiguration defaultKafkaStreamsConfig(final StreamerProperties properties,
                                                        final KafkaProperties kafkaProperties) {
        return new KafkaStreamsConfiguration(
                StreamsSettings.streamsConfig(properties, kafkaProperties.buildStreamsProperties()));
    }

    @Bean
    KStream<String, SpecificRecord> digitTopology(final StreamsBuilder builder, final StreamerProperties properties,
                                                  final ModelRegistry registry, final StreamerMetrics metrics) {
        return DigitTopology.build(builder, properties, registry, metrics);
    }

    /** Production brokers run with automatic topic creation off: create what is missing, change nothing that exists. */
    @Bean
    @ConditionalOnProperty(name = "digitstream.topics.create", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics digitTopics(final StreamerProperties properties) {
        final StreamerProperties.Topics topics = properties.topics();
        return new KafkaAdmin.NewTopics(
                partitioned(topics.in(), topics),
                partitioned(topics.predicted(), topics),
                partitioned(topics.deadLetter(), topics),
                TopicBuilder.name(topics.models())
                        .partitions(1)
                        .replicas(topics.replicationFactor())
                        .configs(Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MODELS_MAX_MESSAGE_BYTES)))
                        .build());
    }

    private static NewTopic partitioned(final String name, final StreamerProperties.Topics topics) {
        return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicationFactor()).build();
    }
}
