package dev.digitstream.tools.bench;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.schemas.Topics;
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

/**
 * Fresh topic names for one bench run ({@code digits-bench-<run>.<role>}), so that runs on a reused
 * broker never read each other's records, and their creation with the streamer's shapes.
 */
record BenchTopics(String run, int partitions) {

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

    String rollout() {
        return name("rollout");
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
    void create(final KafkaClientSettings kafka, final Duration timeout) {
        final List<NewTopic> topics = new ArrayList<>(Topics.all(
                new Topics.Names(images(), predictions(), models(), deadLetters(), rollout()), partitions, (short) 1));
        topics.add(Topics.partitioned(passThroughIn(), partitions, (short) 1));
        topics.add(Topics.partitioned(passThroughOut(), partitions, (short) 1));
        final Map<String, Object> config = kafka.clientConfig();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!Brokers.awaitLeaders(admin, topics.stream().map(NewTopic::name).toList(), timeout)) {
                throw new ToolException("The bench topics had no leaders within " + timeout.toSeconds() + " s");
            }
        } catch (ExecutionException e) {
            throw new ToolException(
                    "Cannot create the bench topics: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw Brokers.unreachable(kafka.bootstrapServers(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while creating the bench topics", e);
        }
    }
}
