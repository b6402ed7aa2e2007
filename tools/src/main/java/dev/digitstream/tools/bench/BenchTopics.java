package dev.digitstream.tools.bench;

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
import org.apache.kafka.common.config.TopicConfig;

/**
 * Fresh topic names for one bench run ({@code digits-bench-<run>.<role>}), so that runs on a reused
 * broker never read each other's records, and their creation with the streamer's shapes.
 */
record BenchTopics(String run, int partitions) {

    private static final int MODELS_MAX_MESSAGE_BYTES = 8 << 20;

    String images() {
        return name("in");
    }

    String predictions() {
        return name("predicted");
    }

    String deadLetters() {
        return name("dead-letter");
    }

    String models() {
        return name("models");
    }

    String passThroughIn() {
        return name("pass-in");
    }

    String passThroughOut() {
        return name("pass-out");
    }

    private String name(final String role) {
        return "digits-bench-" + run + "." + role;
    }

    /** Creates every topic and waits until each partition has a leader. */
    void create(final String bootstrapServers, final Duration timeout) {
        final List<NewTopic> topics = new ArrayList<>();
        for (final String name : List.of(images(), predictions(), deadLetters(), passThroughIn(), passThroughOut())) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        topics.add(new NewTopic(models(), 1, (short) 1).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MODELS_MAX_MESSAGE_BYTES))));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            final List<String> names = topics.stream().map(NewTopic::name).toList();
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (!allLed(admin, names)) {
                if (System.nanoTime() > deadline) {
                    throw new ToolException("The bench topics had no leaders within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
        } catch (ExecutionException e) {
            throw new ToolException("Cannot create the bench topics: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw Brokers.unreachable(bootstrapServers, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while creating the bench topics", e);
        }
    }

    private static boolean allLed(final Admin admin, final List<String> names) throws InterruptedException {
        try {
            return admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                    .allMatch(description -> description.partitions().stream().allMatch(p -> p.leader() != null));
        } catch (ExecutionException | TimeoutException e) {
            // Metadata not propagated yet.
            return false;
        }
    }
}
