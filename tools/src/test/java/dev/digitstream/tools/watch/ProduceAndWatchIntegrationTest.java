package dev.digitstream.tools.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitstream.cli.CliRun;
import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.mnist.MnistSource;
import dev.digitstream.mnist.MnistTestData;
import dev.digitstream.model.image.DrawnDigits;
import dev.digitstream.model.image.MnistStyleImage;
import dev.digitstream.schemas.AvroBytes;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DeadLetterReason;
import dev.digitstream.schemas.DigitImage;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.testing.TestKafkaBroker;
import dev.digitstream.tools.DigitsCli;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** produce and watch against a real broker; each test uses topics of its own. */
class ProduceAndWatchIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String bootstrapServers;
    private static MnistDataset mnistTest;

    @TempDir
    Path temp;

    @BeforeAll
    static void startBrokerAndReadMnist() {
        bootstrapServers = TestKafkaBroker.bootstrapServers();
        mnistTest = MnistSource.directory(MnistTestData.directory()).test();
    }

    @Test
    void shouldSendMnistTestImagesWithTheirLabelsWhenProducingFromMnist() throws Exception {
        // Step 1: an input topic of our own.
        final String topic = createTopic("images", 4);

        // Step 2: send 60 test images from index 100, paced.
        final CliRun run = CliRun.of(
                DigitsCli.commandLine(),
                "produce",
                "--bootstrap-servers",
                bootstrapServers,
                "--topic",
                topic,
                "--data-dir",
                MnistTestData.directory().toString(),
                "--count",
                "60",
                "--offset",
                "100",
                "--rate",
                "2000",
                "--id-prefix",
                "it-");

        // Step 3: read them back, decoded.
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).singleElement().asString().startsWith("Sent 60 MNIST test images to " + topic);
        final List<DigitImage> images = readAll(topic, 60);
        assertThat(images).hasSize(60);
        for (final DigitImage image : images) {
            final int index = Integer.parseInt(image.getId().substring("it-".length()));
            assertThat(index).isBetween(100, 159);
            assertThat(AvroBytes.toArray(image.getPixels())).isEqualTo(mnistTest.image(index));
            assertThat(image.getLabel()).isEqualTo(mnistTest.label(index));
            assertThat(image.getWidth()).isEqualTo(28);
            assertThat(image.getHeight()).isEqualTo(28);
            assertThat(image.getCreatedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        }
        assertThat(images).extracting(DigitImage::getId).doesNotHaveDuplicates();
    }

    @Test
    void shouldSendOneMnistStyleImageWhenProducingAPicture() throws Exception {
        final String topic = createTopic("images", 1);
        final Path png = temp.resolve("my seven.png");
        ImageIO.write(
                DrawnDigits.seven(240, 330, Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB), "png", png.toFile());

        final CliRun run = CliRun.of(
                DigitsCli.commandLine(),
                "produce",
                "--bootstrap-servers",
                bootstrapServers,
                "--topic",
                topic,
                "--png",
                png.toString(),
                "--label",
                "7",
                "--id-prefix",
                "mine-");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Sent mine-my seven.png");
        final DigitImage image = readAll(topic, 1).get(0);
        assertThat(image.getId()).isEqualTo("mine-my seven.png");
        assertThat(image.getLabel()).isEqualTo(7);
        assertThat(AvroBytes.toArray(image.getPixels())).isEqualTo(MnistStyleImage.fromFile(png));
    }

    @Test
    void shouldPrintOneJsonLinePerRecordAndTheSummaryWhenWatchingWithJson() throws Exception {
        // Step 1: predictions from two model versions, 3 of 5 correct, and one dead letter.
        final String predictions = createTopic("predicted", 2);
        final String deadLetters = createTopic("dead-letter", 1);
        final Instant created = Instant.now().minusMillis(40);
        send(predictions, "a", prediction("a", 7, 7, 1, created));
        send(predictions, "b", prediction("b", 2, 2, 1, created));
        send(predictions, "c", prediction("c", 1, 7, 1, created));
        send(predictions, "d", prediction("d", 4, 4, 2, created));
        send(predictions, "e", prediction("e", 9, 4, 2, created));
        send(
                deadLetters,
                "f",
                AvroSerde.of(DeadLetter.class)
                        .encode(DeadLetter.newBuilder()
                                .setReason(DeadLetterReason.BAD_PIXEL_COUNT)
                                .setMessage("783 pixels")
                                .setSourceTopic("digits.in")
                                .setSourcePartition(0)
                                .setSourceOffset(12)
                                .setOriginalBytes(null)
                                .setAt(Instant.now())
                                .build()));

        // Step 2: watch them from the beginning, stopping after all six.
        final CliRun run = CliRun.of(
                DigitsCli.commandLine(),
                "watch",
                "--bootstrap-servers",
                bootstrapServers,
                "--topic",
                predictions,
                "--dead-letter-topic",
                deadLetters,
                "--from-beginning",
                "--json",
                "--max-records",
                "6",
                "--duration",
                "60");

        // Step 3: six JSON lines on stdout, the summary on stderr.
        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<JsonNode> lines = new ArrayList<>();
        for (final String line : run.outLines()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(6);
        final List<JsonNode> predicted = lines.stream()
                .filter(l -> l.get("type").asText().equals("prediction"))
                .toList();
        assertThat(predicted).extracting(l -> l.get("id").asText()).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        final JsonNode c = predicted.stream()
                .filter(l -> l.get("id").asText().equals("c"))
                .findFirst()
                .orElseThrow();
        assertThat(c.get("digit").asInt()).isEqualTo(1);
        assertThat(c.get("label").asInt()).isEqualTo(7);
        assertThat(c.get("correct").asBoolean()).isFalse();
        assertThat(c.get("model").asText()).isEqualTo("mnist-lstm");
        assertThat(c.get("version").asLong()).isEqualTo(1);
        assertThat(c.get("latencyMs").asLong()).isGreaterThanOrEqualTo(40);
        final JsonNode dead = lines.stream()
                .filter(l -> l.get("type").asText().equals("dead-letter"))
                .findFirst()
                .orElseThrow();
        assertThat(dead.get("reason").asText()).isEqualTo("BAD_PIXEL_COUNT");
        assertThat(dead.get("source").asText()).isEqualTo("digits.in-0@12");
        assertThat(run.err())
                .contains(
                        "predictions   5",
                        "accuracy      60.00%   (3 of 5 labelled)",
                        "mnist-lstm v1: 3",
                        "mnist-lstm v2: 2 (serving)",
                        "dead letters  1");
    }

    @Test
    void shouldSeeOnlyNewPredictionsWhenNotReadingFromTheBeginning() throws Exception {
        final String predictions = createTopic("predicted", 2);
        final String deadLetters = createTopic("dead-letter", 1);
        send(predictions, "old", prediction("old", 3, 3, 1, Instant.now()));

        try (PredictionFeed feed = new PredictionFeed(
                KafkaClientSettings.plaintext(bootstrapServers),
                predictions,
                deadLetters,
                Duration.ofSeconds(10),
                false)) {
            send(predictions, "new", prediction("new", 5, 3, 1, Instant.now()));
            final WatchStats.Summary summary = Watch.run(
                    feed, new Watch.Limits(1, Duration.ofSeconds(30)), null, null, Duration.ofSeconds(1), () -> false);

            assertThat(summary.predictions()).isEqualTo(1);
            assertThat(summary.correct()).isZero();
            assertThat(summary.labelled()).isEqualTo(1);
        }
    }

    @Test
    void shouldSayWhichTopicIsMissingWhenWatchingATopicThatDoesNotExist() {
        final CliRun run = CliRun.of(
                DigitsCli.commandLine(),
                "watch",
                "--bootstrap-servers",
                bootstrapServers,
                "--topic",
                "no.such.topic",
                "--connect-timeout",
                "5");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("digits: Topic missing on Kafka at ")
                .contains("no.such.topic");
    }

    private static byte[] prediction(
            final String id, final int digit, final int label, final long version, final Instant createdAt) {
        final List<Float> probabilities = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            probabilities.add(d == digit ? 0.91f : 0.01f);
        }
        return AvroSerde.of(DigitPrediction.class)
                .encode(DigitPrediction.newBuilder()
                        .setId(id)
                        .setDigit(digit)
                        .setConfidence(0.91f)
                        .setProbabilities(probabilities)
                        .setModelName("mnist-lstm")
                        .setModelVersion(version)
                        .setLabel(label)
                        .setCreatedAt(createdAt)
                        .setPredictedAt(createdAt.plusMillis(5))
                        .build());
    }

    private static String createTopic(final String kind, final int partitions)
            throws ExecutionException, InterruptedException {
        final String name = "it." + kind + "." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get();
        }
        return name;
    }

    private static void send(final String topic, final String key, final byte[] value) {
        final Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static List<DigitImage> readAll(final String topic, final int expected) {
        final Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final AvroSerde<DigitImage> serde = AvroSerde.of(DigitImage.class);
        final List<DigitImage> images = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (images.size() < expected && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    final DigitImage image = serde.decode(record.value());
                    assertThat(record.key()).isEqualTo(image.getId());
                    images.add(image);
                }
            }
        }
        return images;
    }
}
