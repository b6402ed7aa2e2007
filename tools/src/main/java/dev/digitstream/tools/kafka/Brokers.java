package dev.digitstream.tools.kafka;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.tools.cli.ToolException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before any real work, that the broker answers and the topics exist, so that the CLI can
 * say so in one line instead of letting a client retry until its own timeout.
 */
public final class Brokers {

    private Brokers() {}

    /** The partition count of each topic; a {@link ToolException} when the broker or a topic is missing. */
    public static Map<String, Integer> requireTopics(
            final KafkaClientSettings kafka, final Duration timeout, final Collection<String> topics) {
        final String bootstrapServers = kafka.bootstrapServers();
        final Map<String, Object> config = kafka.clientConfig();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            final Map<String, TopicDescription> described =
                    admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            final Map<String, Integer> partitions = new LinkedHashMap<>();
            topics.forEach(topic ->
                    partitions.put(topic, described.get(topic).partitions().size()));
            return partitions;
        } catch (TimeoutException e) {
            throw unreachable(bootstrapServers, timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ToolException("Topic missing on Kafka at " + bootstrapServers + ": one of " + topics
                        + " does not exist (start the streamer, or the compose topic-init service, first)");
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(bootstrapServers, timeout);
            }
            if (e.getCause() instanceof AuthenticationException) {
                throw new ToolException("Kafka at " + bootstrapServers + " refused this client's credentials "
                        + "(--kafka-config, --kafka-property): "
                        + e.getCause().getClass().getSimpleName() + ": "
                        + e.getCause().getMessage());
            }
            if (e.getCause() instanceof AuthorizationException) {
                throw new ToolException("Kafka at " + bootstrapServers + " does not allow this client's principal "
                        + "to use " + topics + ": " + e.getCause().getMessage());
            }
            throw new ToolException(
                    "Kafka at " + bootstrapServers + " failed: " + e.getCause().getMessage(), e);
        } catch (KafkaException e) {
            throw new ToolException(
                    "Cannot use Kafka bootstrap servers '" + bootstrapServers + "': " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while contacting Kafka at " + bootstrapServers, e);
        }
    }

    public static ToolException unreachable(final String bootstrapServers, final Duration timeout) {
        return new ToolException("Cannot reach Kafka at " + bootstrapServers + " within " + timeout.toSeconds()
                + " s: is the broker running, and does it need --kafka-config? (--bootstrap-servers)");
    }

    /**
     * Waits until every partition of the topics has a leader, so that clients can use them at once; false
     * when some still have none after {@code timeout}.
     */
    public static boolean awaitLeaders(final Admin admin, final List<String> topics, final Duration timeout)
            throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!allLed(admin, topics)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private static boolean allLed(final Admin admin, final List<String> topics) throws InterruptedException {
        try {
            return admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                    .allMatch(description -> description.partitions().stream().allMatch(p -> p.leader() != null));
        } catch (ExecutionException | TimeoutException e) {
            // Metadata not propagated yet.
            return false;
        }
    }

    private static String rootMessage(final Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
