package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.digitstream.schemas.Topics;
import dev.digitstream.testing.TestKafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** Topic creation off, as on a secured cluster where the streamer has no CREATE right. */
class TopicCreationIntegrationTest {

    @Test
    void shouldStopTheStartNamingTheMissingTopicWhenTopicCreationIsOff() throws Exception {
        // Step 1: every topic but the rollout topic, under a prefix of this test's own.
        final String prefix = "no-create-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        final StreamerProperties.TopicSettings topics = StreamerInstance.topics(prefix);
        final String bootstrapServers = TestKafkaBroker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            final List<NewTopic> present = Topics.all(topics.names(), 1, (short) 1).stream()
                    .filter(topic -> !topic.name().equals(topics.rollout()))
                    .toList();
            admin.createTopics(present).all().get(30, TimeUnit.SECONDS);
        }

        // Step 2: a streamer that may not create topics.
        final Throwable failure = catchThrowable(
                () -> StreamerInstance.start(bootstrapServers, prefix, "--digitstream.topics.create=false")
                        .close());

        // Step 3: its start stops, naming the missing topic and only that one.
        assertThat(failure).hasRootCauseInstanceOf(RequiredTopics.MissingTopicsException.class);
        assertThat(rootCause(failure).getMessage())
                .contains("missing Kafka topic(s) " + topics.rollout())
                .contains("digitstream.topics.create=false")
                .doesNotContain(topics.in());
        final Admin check = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        try (check) {
            assertThat(check.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topics.rollout());
        }
    }

    private static Throwable rootCause(final Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
