package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

/** The Spring Boot ways to secure Kafka reach the streamer's Kafka Streams configuration. */
class KafkaStreamsConnectionTest {

    @Test
    void shouldPassSpringKafkaSecuritySslAndPropertiesToKafkaStreamsWhenTheyAreSet() {
        final KafkaProperties kafka = bind(Map.of(
                "spring.kafka.bootstrap-servers", "broker:9093",
                "spring.kafka.security.protocol", "SASL_SSL",
                "spring.kafka.ssl.trust-store-location", "file:/etc/kafka/truststore.p12",
                "spring.kafka.ssl.trust-store-password", "trust-secret",
                "spring.kafka.ssl.trust-store-type", "PKCS12",
                "spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512",
                "spring.kafka.properties.sasl.jaas.config",
                        "ScramLoginModule required username=\"s\" password=\"p\";"));

        final Map<String, Object> config = StreamsSettings.streamsConfig(
                StreamerProperties.defaults(),
                KafkaStreamsConnection.apply(kafka.buildStreamsProperties(), details(null, "SASL_SSL")));

        assertThat(config)
                .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                .containsEntry(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12")
                .containsEntry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, "trust-secret")
                .containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512")
                .containsEntry(SaslConfigs.SASL_JAAS_CONFIG, "ScramLoginModule required username=\"s\" password=\"p\";")
                .hasEntrySatisfying(
                        SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
                        location -> assertThat(location.toString()).endsWith("truststore.p12"));
    }

    @Test
    void shouldSecureKafkaStreamsWithTheSslBundleWhenSpringKafkaSslBundleIsSet() {
        final SslBundle bundle = SslBundle.of(SslStoreBundle.NONE);

        final Map<String, Object> config = KafkaStreamsConnection.apply(
                bind(Map.of("spring.kafka.bootstrap-servers", "broker:9093")).buildStreamsProperties(),
                details(bundle, "SSL"));

        assertThat(config)
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL")
                .containsEntry(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class)
                .containsEntry(SslBundle.class.getName(), bundle);
    }

    private static KafkaProperties bind(final Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("spring.kafka", KafkaProperties.class);
    }

    private static KafkaConnectionDetails details(final SslBundle bundle, final String protocol) {
        return new KafkaConnectionDetails() {
            @Override
            public List<String> getBootstrapServers() {
                return List.of("broker:9093");
            }

            @Override
            public SslBundle getSslBundle() {
                return bundle;
            }

            @Override
            public String getSecurityProtocol() {
                return protocol;
            }
        };
    }
}
