package dev.digitstream.streamer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code digitstream.topics.create=false} (a secured cluster, where the streamer's principal has no
 * CREATE right), checks at start-up that every topic exists and that the principal may use it, and stops
 * the start with the missing topics named. When the broker does not answer or refuses the credentials,
 * the start goes on: readiness then says DOWN with the reason ({@link BrokerReachability}).
 */
final class RequiredTopics {

    private static final Logger LOG = LoggerFactory.getLogger(RequiredTopics.class);
    private static final long TIMEOUT_MS = 10_000;

    private RequiredTopics() {}

    /** @throws MissingTopicsException when a topic does not exist or the principal may not see it */
    static void check(final Map<String, Object> adminConfig, final List<String> topics) {
        final Map<String, Object> config = new HashMap<>(adminConfig);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "digitstream-streamer-topics");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        final List<String> missing = new ArrayList<>();
        final List<String> denied = new ArrayList<>();
        try (Admin admin = Admin.create(config)) {
            final Map<String, KafkaFuture<TopicDescription>> described =
                    admin.describeTopics(topics).topicNameValues();
            for (final String topic : topics) {
                try {
                    described.get(topic).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        missing.add(topic);
                    } else if (e.getCause() instanceof TopicAuthorizationException) {
                        denied.add(topic);
                    } else if (e.getCause() instanceof AuthenticationException) {
                        LOG.warn(
                                "Cannot check the topics: Kafka refused the credentials: {}",
                                e.getCause().getMessage());
                        return;
                    } else {
                        LOG.warn("Cannot check the topics: {}", e.getCause().toString());
                        return;
                    }
                }
            }
        } catch (TimeoutException e) {
            LOG.warn("Cannot check the topics: Kafka did not answer within {} ms", TIMEOUT_MS);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!missing.isEmpty() || !denied.isEmpty()) {
            throw new MissingTopicsException(missing, denied);
        }
    }

    /** Topics that do not exist, or that the streamer's principal may not describe. */
    static final class MissingTopicsException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        MissingTopicsException(final List<String> missing, final List<String> denied) {
            super(message(missing, denied));
        }

        private static String message(final List<String> missing, final List<String> denied) {
            final List<String> parts = new ArrayList<>();
            if (!missing.isEmpty()) {
                parts.add("missing Kafka topic(s) " + String.join(", ", missing)
                        + " (digitstream.topics.create=false: the streamer does not create them; create them, "
                        + "or set digitstream.topics.create=true where the streamer may)");
            }
            if (!denied.isEmpty()) {
                parts.add("the streamer's principal may not use topic(s) " + String.join(", ", denied)
                        + " (see the ACLs: digits acls --print)");
            }
            return String.join("; ", parts);
        }
    }
}
