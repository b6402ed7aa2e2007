package dev.digitstream.streamer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code digitstream.topics.create=false} (a secured cluster, where the streamer's principal has no
 * CREATE right), checks at start-up that every topic exists and that the principal may use it, and stops
 * the start with the missing topics named; with the rollout judge on, also that the principal may write
 * the judge's decisions to the models topic (the least-privilege ACLs do not allow it). When the broker does not answer or refuses the credentials,
 * the start goes on: readiness then says DOWN with the reason ({@link BrokerReachability}).
 */
final class RequiredTopics {

    private static final Logger LOG = LoggerFactory.getLogger(RequiredTopics.class);
    private static final long TIMEOUT_MS = 10_000;

    private RequiredTopics() {}

    /**
     * @param judgedTopic the topic the rollout judge writes its decisions to, when it is on: the principal must
     *                    be allowed to write it
     * @throws MissingTopicsException when a topic does not exist, the principal may not see it, or the judge
     *                                may not write its decisions
     */
    static void check(
            final Map<String, Object> adminConfig, final List<String> topics, final Optional<String> judgedTopic) {
        final Map<String, Object> config = new HashMap<>(adminConfig);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "digitstream-streamer-topics");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        final List<String> missing = new ArrayList<>();
        final List<String> denied = new ArrayList<>();
        boolean judgeMayWrite = true;
        try (Admin admin = Admin.create(config)) {
            final Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(
                            topics, new DescribeTopicsOptions().includeAuthorizedOperations(true))
                    .topicNameValues();
            for (final String topic : topics) {
                try {
                    final TopicDescription description = described.get(topic).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    if (judgedTopic.filter(topic::equals).isPresent()) {
                        judgeMayWrite = mayWrite(description.authorizedOperations());
                    }
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
        if (!missing.isEmpty() || !denied.isEmpty() || !judgeMayWrite) {
            throw new MissingTopicsException(missing, denied, judgeMayWrite ? Optional.empty() : judgedTopic);
        }
    }

    /** Null when the broker did not say (no authorizer): then nothing is known to be missing. */
    private static boolean mayWrite(final Set<AclOperation> operations) {
        return operations == null || operations.contains(AclOperation.WRITE) || operations.contains(AclOperation.ALL);
    }

    /** Topics that do not exist, that the streamer's principal may not describe, or that its judge may not write. */
    static final class MissingTopicsException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        MissingTopicsException(
                final List<String> missing, final List<String> denied, final Optional<String> judgeMayNotWrite) {
            super(message(missing, denied, judgeMayNotWrite));
        }

        private static String message(
                final List<String> missing, final List<String> denied, final Optional<String> judgeMayNotWrite) {
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
            judgeMayNotWrite.ifPresent(topic -> parts.add("digitstream.rollout.judge=true writes rollout decisions to "
                    + topic + ", which the streamer's principal may not write (least privilege: set "
                    + "digitstream.rollout.judge=false and decide with digits models promote|reject; or grant it: "
                    + "digits acls --streamer-judges-rollouts)"));
            return String.join("; ", parts);
        }
    }
}
