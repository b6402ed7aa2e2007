package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.model.ModelArtifact;
import dev.digitstream.schemas.DigitPrediction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End to end on a real broker: a model trained on MNIST, 1,000 MNIST test images through two
 * streamer instances that share the input partitions, and version 2 published while images flow,
 * in the {@code immediate} rollout mode (a new version serves as soon as it loads).
 */
class HotSwapIntegrationTest {

    private static final String PREFIX = "hotswap.";
    private static final int IMAGES = 1_000;
    private static final int FIRST_HALF = IMAGES / 2;
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    /** The test accuracy of a version whose publisher died before committing it. */
    private static final double HALF_PUBLISHED = 0.123;

    private static final Logger LOG = LoggerFactory.getLogger(HotSwapIntegrationTest.class);

    private static KafkaFixture kafka;
    private static StreamerInstance first;
    private static StreamerInstance second;

    @BeforeAll
    static void startTwoInstances() {
        kafka = new KafkaFixture();
        // Immediate rollout: this test is about the swap itself; RolloutIntegrationTest covers the candidate.
        first = StreamerInstance.start(
                kafka.bootstrapServers(),
                PREFIX,
                "--digitstream.batch.max-size=64",
                "--digitstream.rollout.mode=immediate");
        second = StreamerInstance.start(
                kafka.bootstrapServers(),
                PREFIX,
                "--digitstream.batch.max-size=64",
                "--digitstream.rollout.mode=immediate");
    }

    @AfterAll
    static void stop() {
        for (final AutoCloseable closeable : new AutoCloseable[] {first, second, kafka}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void shouldCreateTheTopicsItUsesWhenTheyAreMissing() throws Exception {
        final StreamerProperties.TopicSettings topics = StreamerInstance.topics(PREFIX);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            final Map<String, TopicDescription> described = admin.describeTopics(
                            List.of(topics.in(), topics.predicted(), topics.deadLetter(), topics.models()))
                    .allTopicNames()
                    .get();
            assertThat(described.get(topics.in()).partitions()).hasSize(4);
            assertThat(described.get(topics.predicted()).partitions()).hasSize(4);
            assertThat(described.get(topics.deadLetter()).partitions()).hasSize(4);
            assertThat(described.get(topics.models()).partitions()).hasSize(1);
            final Config models = admin.describeConfigs(
                            List.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.models())))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next();
            assertThat(models.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(Integer.parseInt(
                            models.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()))
                    .isGreaterThanOrEqualTo(4 << 20);
        }
    }

    @Test
    void shouldPredictEveryImageOnceAndSwapToVersion2OnEveryInstanceWhenItIsPublishedMidStream() {
        final StreamerProperties.TopicSettings topics = StreamerInstance.topics(PREFIX);
        final MnistDataset data = MnistFixture.testImages(IMAGES);
        final ModelArtifact artifact = ModelArtifact.of(MnistFixture.trainedNetwork(), Optional.empty());

        // Step 1: version 1 reaches both instances, which then report ready.
        kafka.publish(topics.models(), TestModels.version(artifact, 1, false, 0.8));
        await().atMost(PATIENCE).until(() -> first.servingVersion() == 1 && second.servingVersion() == 1);
        await().atMost(PATIENCE)
                .until(() -> first.get("/actuator/health/readiness").statusCode() == 200
                        && second.get("/actuator/health/readiness").statusCode() == 200);

        try (KafkaFixture.TopicReader predictions = kafka.reader(topics.predicted(), false)) {
            // Step 2: half the images flow; version 2 is published while they do.
            kafka.sendImages(topics.in(), data, 0, FIRST_HALF, "mnist-");
            await().atMost(PATIENCE).until(() -> predictions.poll().size() >= 50);
            // First a publisher that dies before committing its version 2: no reader may see that artifact.
            kafka.publishWithoutCommit(topics.models(), TestModels.version(artifact, 2, false, HALF_PUBLISHED));
            kafka.abortWhatAPublisherLeftOpen(topics.models());
            kafka.publish(topics.models(), TestModels.version(artifact, 2, false, 0.8));
            await().atMost(PATIENCE).until(() -> first.servingVersion() == 2 && second.servingVersion() == 2);
            assertThat(List.of(first, second))
                    .extracting(instance ->
                            instance.registry().current().orElseThrow().info().testAccuracy())
                    .as("the committed version 2 serves, not the dead publisher's")
                    .containsOnly(0.8);

            // Step 3: the rest, sent after both instances have swapped.
            kafka.sendImages(topics.in(), data, FIRST_HALF, IMAGES, "mnist-");
            await().atMost(PATIENCE).until(() -> predictions.poll().size() >= IMAGES);
            predictions.poll();

            final List<DigitPrediction> all = predictions.predictions();
            final Map<String, Long> perId =
                    all.stream().collect(Collectors.groupingBy(DigitPrediction::getId, Collectors.counting()));
            assertThat(perId)
                    .hasSize(IMAGES)
                    .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));

            final long correct = all.stream()
                    .filter(p -> p.getLabel() != null && p.getLabel() == p.getDigit())
                    .count();
            LOG.info(
                    "Accuracy of the shared test model on {} MNIST test images: {}", IMAGES, (double) correct / IMAGES);
            assertThat((double) correct / IMAGES).as("accuracy").isGreaterThan(0.5);

            assertThat(all).extracting(DigitPrediction::getModelVersion).containsOnly(1L, 2L);
            assertThat(all)
                    .filteredOn(p -> index(p) >= FIRST_HALF)
                    .extracting(DigitPrediction::getModelVersion)
                    .containsOnly(2L);
            predictions
                    .predictionsByPartition()
                    .forEach((partition, inOrder) -> assertThat(PredictionOrder.neverBackFrom(2L, inOrder))
                            .as("partition %d", partition)
                            .isTrue());
        }

        // Step 4: every instance says so on its model endpoint and in its metrics.
        for (final StreamerInstance instance : List.of(first, second)) {
            assertThat(instance.get("/model").body()).contains("\"version\":2");
            assertThat(instance.get("/actuator/prometheus").body())
                    .contains("digitstream_model_version 2.0")
                    .contains("digitstream_model_swaps_total 2.0");
        }
    }

    private static int index(final DigitPrediction prediction) {
        return Integer.parseInt(prediction.getId().substring("mnist-".length()));
    }
}
