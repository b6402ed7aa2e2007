package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.model.ModelArtifact;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DeadLetterReason;
import dev.digitstream.schemas.DigitPrediction;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every input record yields exactly one prediction or one dead letter, under each processing guarantee. */
class ProcessingGuaranteeIntegrationTest {

    private static final int IMAGES = 300;
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private static KafkaFixture kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaFixture();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
    void shouldEmitExactlyOneOutcomePerInputWhenRunningUnderTheGuarantee(final String guarantee) {
        final String prefix = guarantee + ".";
        final StreamerProperties.TopicSettings topics = StreamerInstance.topics(prefix);
        final MnistDataset data = MnistFixture.testImages(IMAGES);
        final boolean transactional = guarantee.startsWith("exactly_once");

        try (StreamerInstance streamer = StreamerInstance.start(
                        kafka.bootstrapServers(), prefix, "--digitstream.processing-guarantee=" + guarantee);
                KafkaFixture.TopicReader predictions = kafka.reader(topics.predicted(), transactional);
                KafkaFixture.TopicReader deadLetters = kafka.reader(topics.deadLetter(), transactional)) {

            // Producing to topics the streamer has only just created can race their leader election.
            await().atMost(PATIENCE).until(() -> streamer.streamsState() == KafkaStreams.State.RUNNING);

            // Step 1: images and bad records arrive before any model: they are held, or dead-lettered at once.
            kafka.sendImages(topics.in(), data, 0, IMAGES / 2, "img-");
            kafka.send(topics.in(), "garbage", "not an image".getBytes());
            kafka.send(topics.in(), "tiny", TestImages.encode(TestImages.image("tiny", new byte[10], 28, 28, 3)));

            // Step 2: the model arrives, the rest of the images follow.
            kafka.publish(
                    topics.models(),
                    TestModels.version(
                            ModelArtifact.of(MnistFixture.trainedNetwork(), Optional.empty()), 1, false, 0.8));
            kafka.sendImages(topics.in(), data, IMAGES / 2, IMAGES, "img-");

            // Step 3: exactly one outcome per input record.
            await().atMost(PATIENCE)
                    .until(() -> predictions.poll().size() >= IMAGES
                            && deadLetters.poll().size() >= 2);
            predictions.poll();
            deadLetters.poll();

            final Map<String, Long> perId = predictions.predictions().stream()
                    .collect(Collectors.groupingBy(DigitPrediction::getId, Collectors.counting()));
            assertThat(perId)
                    .hasSize(IMAGES)
                    .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
            assertThat(deadLetters.deadLetters())
                    .extracting(DeadLetter::getReason)
                    .containsExactlyInAnyOrder(
                            DeadLetterReason.NOT_SINGLE_OBJECT_ENCODED, DeadLetterReason.BAD_PIXEL_COUNT);
            assertThat(streamer.registry().current()).isPresent();
        }
    }
}
