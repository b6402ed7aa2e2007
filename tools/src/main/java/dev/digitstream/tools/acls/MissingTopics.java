package dev.digitstream.tools.acls;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.kafka.Brokers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates those of the topics that do not exist yet, and changes none that does. */
final class MissingTopics {

    private MissingTopics() {}

    /** The names of the topics created. */
    static List<String> create(final KafkaClientSettings kafka, final Duration timeout, final List<NewTopic> topics) {
        final Map<String, Object> config = kafka.clientConfig();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        final List<String> created = new ArrayList<>();
        try (Admin admin = Admin.create(config)) {
            for (final NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(topic.name());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AuthenticationException) {
                        throw new ToolException("Kafka at " + kafka.bootstrapServers() + " refused this client's "
                                + "credentials (--kafka-config, --kafka-property): "
                                + e.getCause().getMessage());
                    }
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new ToolException("Cannot create topic " + topic.name() + " on Kafka at "
                                + kafka.bootstrapServers() + ": " + e.getCause().getMessage());
                    }
                }
            }
        } catch (TimeoutException e) {
            throw Brokers.unreachable(kafka.bootstrapServers(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while creating topics", e);
        }
        return created;
    }
}
