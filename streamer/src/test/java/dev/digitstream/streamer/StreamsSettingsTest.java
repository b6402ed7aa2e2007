package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    @Test
    void shouldUseTheStreamerSettingsWhenNothingOverridesThem() {
        final Map<String, Object> config = StreamsSettings.streamsConfig(StreamerProperties.defaults(), Map.of());

        assertThat(config)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "digitstream-streamer")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 0)
                .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), StreamsSettings.LINGER_MS)
                .containsEntry(StreamsConfig.POLL_MS_CONFIG, 1L);
    }

    @Test
    void shouldLetExplicitKafkaPropertiesWinWhenTheyAreGiven() {
        final Map<String, Object> config = StreamsSettings.streamsConfig(
                StreamerProperties.defaults(),
                Map.of(
                        StreamsConfig.APPLICATION_ID_CONFIG, "from-spring",
                        StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2"));

        assertThat(config)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "from-spring")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2");
    }

    @Test
    void shouldDetectAKilledInstanceWithinSecondsWhenTheDefaultsApply() {
        final Map<String, Object> config = StreamsSettings.streamsConfig(StreamerProperties.defaults(), Map.of());

        assertThat(config)
                .containsEntry(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000)
                .containsEntry(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 500)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000L)
                .hasEntrySatisfying(
                        StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                        id -> assertThat(id.toString()).startsWith("digitstream-"));
    }

    @Test
    void shouldKeepExactlyOncesOwnCommitIntervalWhenExactlyOnceIsConfigured() {
        final StreamerProperties exactlyOnce = new StreamerProperties(
                "app",
                "",
                "m",
                "",
                "exactly_once_v2",
                1,
                0,
                StreamerProperties.defaults().topics(),
                StreamerProperties.defaults().batch(),
                StreamerProperties.defaults().rollout());

        assertThat(StreamsSettings.streamsConfig(exactlyOnce, Map.of()))
                .doesNotContainKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }
}
