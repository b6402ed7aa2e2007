package dev.digitstream.tools.acls;

import dev.digitstream.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least-privilege ACLs of digitstream, one principal per role, written once: what {@code digits acls}
 * prints and applies, and what the README's table shows.
 * <ul>
 *   <li>trainer (also the operator of {@code digits models}): the models topic, which it reads to number
 *       versions, writes (in transactions, under the publishers' transactional id) and creates;</li>
 *   <li>streamer: reads images and models, writes predictions, dead letters and candidate scores; its
 *       Kafka Streams internal topics, consumer group and (exactly-once) transactional ids, all named by its
 *       application id. Writing the models topic only when it judges rollouts itself;</li>
 *   <li>producer: writes images;</li>
 *   <li>watcher: reads predictions and dead letters (without a consumer group: it assigns partitions).</li>
 * </ul>
 */
public final class AclPlan {

    /** The principal of each role, as Kafka writes them ({@code User:name}). */
    public record Principals(String trainer, String streamer, String producer, String watcher) {}

    /**
     * @param topics            the five topic names
     * @param applicationId     the streamer's Kafka Streams application id: the prefix of its internal topics,
     *                          its consumer group and its transactional ids
     * @param exactlyOnce       whether the streamer runs exactly_once_v2 (transactions)
     * @param streamerJudges    whether the streamers decide rollouts ({@code digitstream.rollout.judge=true}):
     *                          the judge writes its decisions to the models topic
     */
    public record Settings(Topics.Names topics, String applicationId, boolean exactlyOnce, boolean streamerJudges) {

        public static Settings defaults() {
            return new Settings(Topics.Names.defaults(), "digitstream-streamer", false, false);
        }
    }

    /** One ACL and the role it is for. */
    public record Entry(String role, AclBinding binding) {}

    private AclPlan() {}

    public static List<Entry> of(final Principals principals, final Settings settings) {
        final Topics.Names topics = settings.topics();
        final List<Entry> plan = new ArrayList<>();
        final Role trainer = new Role("trainer", principals.trainer(), plan);
        trainer.topic(
                topics.models(), AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE);
        trainer.add(
                new ResourcePattern(
                        ResourceType.TRANSACTIONAL_ID,
                        Topics.publisherTransactionalId(topics.models()),
                        PatternType.LITERAL),
                AclOperation.DESCRIBE,
                AclOperation.WRITE);

        final Role streamer = new Role("streamer", principals.streamer(), plan);
        streamer.topic(topics.images(), AclOperation.READ);
        if (settings.streamerJudges()) {
            streamer.topic(topics.models(), AclOperation.READ, AclOperation.WRITE);
            streamer.topic(topics.rollout(), AclOperation.READ, AclOperation.WRITE);
        } else {
            streamer.topic(topics.models(), AclOperation.READ);
            streamer.topic(topics.rollout(), AclOperation.WRITE);
        }
        streamer.topic(topics.predictions(), AclOperation.WRITE);
        streamer.topic(topics.deadLetters(), AclOperation.WRITE);
        streamer.add(
                new ResourcePattern(ResourceType.TOPIC, settings.applicationId(), PatternType.PREFIXED),
                AclOperation.CREATE,
                AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS,
                AclOperation.READ,
                AclOperation.WRITE);
        streamer.add(
                new ResourcePattern(ResourceType.GROUP, settings.applicationId(), PatternType.LITERAL),
                AclOperation.READ);
        if (settings.exactlyOnce()) {
            streamer.add(
                    new ResourcePattern(ResourceType.TRANSACTIONAL_ID, settings.applicationId(), PatternType.PREFIXED),
                    AclOperation.DESCRIBE,
                    AclOperation.WRITE);
        }

        new Role("producer", principals.producer(), plan).topic(topics.images(), AclOperation.WRITE);

        final Role watcher = new Role("watcher", principals.watcher(), plan);
        watcher.topic(topics.predictions(), AclOperation.READ);
        watcher.topic(topics.deadLetters(), AclOperation.READ);
        return List.copyOf(plan);
    }

    /** Adds one role's ALLOW entries, from any host. */
    private record Role(String name, String principal, List<Entry> plan) {

        void topic(final String topic, final AclOperation... operations) {
            add(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), operations);
        }

        void add(final ResourcePattern resource, final AclOperation... operations) {
            for (final AclOperation operation : operations) {
                plan.add(new Entry(
                        name,
                        new AclBinding(
                                resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW))));
            }
        }
    }
}
