package dev.digitstream.streamer;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;

/**
 * What Spring Boot's own Kafka Streams configuration adds to {@code spring.kafka.*} and which the
 * streamer's replacement must add too: the connection details' bootstrap servers, security protocol and
 * SSL bundle ({@code spring.kafka.ssl.bundle} or {@code spring.kafka.streams.ssl.bundle}). Without it, a
 * bundle would secure the admin client but not Kafka Streams.
 */
final class KafkaStreamsConnection {

    private KafkaStreamsConnection() {}

    static Map<String, Object> apply(
            final Map<String, Object> streamsProperties, final KafkaConnectionDetails details) {
        final Map<String, Object> config = new HashMap<>(streamsProperties);
        final KafkaConnectionDetails.Configuration streams = details.getStreams();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", streams.getBootstrapServers()));
        if (streams.getSecurityProtocol() != null) {
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, streams.getSecurityProtocol());
        }
        final SslBundle bundle = streams.getSslBundle();
        if (bundle != null) {
            config.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
            config.put(SslBundle.class.getName(), bundle);
        }
        return config;
    }
}
