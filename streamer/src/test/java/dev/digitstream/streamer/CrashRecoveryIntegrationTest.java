package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.digitstream.cli.LocalPorts;
import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.model.ModelArtifact;
import dev.digitstream.schemas.DigitPrediction;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Kills the real application (the repackaged jar, SIGKILL) while a partial batch is buffered and its
 * input offsets are already committed, then restarts it on an empty state directory: every input id
 * still gets its prediction, from the buffer's changelog.
 */
class CrashRecoveryIntegrationTest {

    private static final String PREFIX = "crash.";
    private static final String APPLICATION_ID = PREFIX + "streamer";
    private static final int IMAGES = 1_000;
    private static final int BATCH = 64;
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldPredictEveryImageWhenTheAppIsKilledWithABatchBufferedAndRestarted() throws Exception {
        final StreamerProperties.TopicSettings topics = StreamerInstance.topics(PREFIX);
        final MnistDataset data = MnistFixture.testImages(IMAGES);
        try (KafkaFixture kafka = new KafkaFixture();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {

            // Step 1: the app starts, gets a model, and buffers whatever does not fill a batch of 64
            // (its maximum wait is far longer than the test).
            final int port = LocalPorts.free();
            final Map<String, Integer> partitionOf = new java.util.HashMap<>();
            Process app = startApp(kafka.bootstrapServers(), port, "10m", "before-crash");
            try {
                await().atMost(PATIENCE).until(() -> status(port, "/actuator/health/liveness") == 200);
                kafka.publish(
                        topics.models(),
                        TestModels.version(
                                ModelArtifact.of(MnistFixture.trainedNetwork(), Optional.empty()), 1, false, 0.8));
                await().atMost(PATIENCE).until(() -> status(port, "/actuator/health/readiness") == 200);

                partitionOf.putAll(kafka.sendImages(topics.in(), data, 0, IMAGES, "img-"));
                final Map<Integer, Long> perPartition =
                        partitionOf.values().stream().collect(Collectors.groupingBy(p -> p, Collectors.counting()));
                final long fullBatches = perPartition.values().stream()
                        .mapToLong(n -> n / BATCH * BATCH)
                        .sum();
                assertThat(IMAGES - fullBatches)
                        .as("images left in partial batches")
                        .isPositive();

                // Step 2: wait until the full batches are out and every input offset is committed.
                try (KafkaFixture.TopicReader predictions = kafka.reader(topics.predicted(), false)) {
                    await().atMost(PATIENCE)
                            .until(() ->
                                    predictions.poll().size() >= fullBatches && allInputCommitted(admin, topics.in()));
                    assertThat(predictions.poll()).hasSize((int) fullBatches);
                }
            } finally {
                // Step 3: crash.
                app.destroyForcibly().waitFor();
            }

            // Step 4: restart on a fresh state directory, with a short maximum wait.
            app = startApp(kafka.bootstrapServers(), port, "20ms", "after-crash");
            try (KafkaFixture.TopicReader predictions = kafka.reader(topics.predicted(), false)) {
                await().atMost(PATIENCE).until(() -> predictedIds(predictions).size() >= IMAGES);
                assertThat(predictedIds(predictions)).containsAll(partitionOf.keySet());
            } finally {
                app.destroy();
                app.waitFor();
            }
        }
    }

    private static Set<String> predictedIds(final KafkaFixture.TopicReader reader) {
        reader.poll();
        return reader.predictions().stream().map(DigitPrediction::getId).collect(Collectors.toSet());
    }

    private static boolean allInputCommitted(final Admin admin, final String inputTopic) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                .partitionsToOffsetAndMetadata()
                .get();
        final Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < 4; p++) {
            latest.put(new TopicPartition(inputTopic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(end -> {
            final OffsetAndMetadata offset = committed.get(end.getKey());
            return offset != null && offset.offset() == end.getValue().offset();
        });
    }

    private static Process startApp(
            final String bootstrapServers, final int port, final String maxWait, final String logName)
            throws IOException {
        final Path stateDir = Files.createTempDirectory("streamer-crash-state");
        final StreamerProperties.TopicSettings topics = StreamerInstance.topics(PREFIX);
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "-jar",
                "target/digitstream-streamer.jar",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--spring.kafka.streams.state-dir=" + stateDir,
                // Commit often, so that the buffered images' offsets are committed before the kill.
                "--spring.kafka.streams.properties.commit.interval.ms=100",
                "--server.port=" + port,
                "--digitstream.application-id=" + APPLICATION_ID,
                "--digitstream.topics.in=" + topics.in(),
                "--digitstream.topics.predicted=" + topics.predicted(),
                "--digitstream.topics.models=" + topics.models(),
                "--digitstream.topics.dead-letter=" + topics.deadLetter(),
                "--digitstream.batch.max-size=" + BATCH,
                "--digitstream.batch.max-wait=" + maxWait,
                // A fixed wait: an adaptive one is zero while the app is idle, and no batch would stay buffered.
                "--digitstream.batch.adaptive-wait=false"));
        final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File("target/crash-test-" + logName + ".log"));
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    private static int status(final int port, final String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
