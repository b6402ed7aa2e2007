package dev.digitstream.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.digitstream.model.image.DrawnDigits;
import dev.digitstream.model.image.MnistStyleImage;
import dev.digitstream.schemas.AvroBytes;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DigitImage;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.Topics;
import dev.digitstream.testing.TestKafkaBroker;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The console on a real broker, without a browser: a drawn digit goes to the input topic and comes back
 * with the prediction a stand-in classifier (this test) writes; bad pictures and floods get one line.
 */
class ConsoleIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SUFFIX = "." + UUID.randomUUID();
    private static final Topics.Names TOPICS = new Topics.Names(
            Topics.IMAGES + SUFFIX,
            Topics.PREDICTIONS + SUFFIX,
            Topics.MODELS + SUFFIX,
            Topics.DEAD_LETTERS + SUFFIX,
            Topics.ROLLOUT + SUFFIX);

    private static ConfigurableApplicationContext console;
    private static String base;
    private static final AtomicBoolean classifying = new AtomicBoolean(true);
    private static final AtomicReference<DigitImage> lastImage = new AtomicReference<>();
    private static Thread classifier;

    @BeforeAll
    static void startTheConsoleAndAStandInClassifier() throws Exception {
        // Step 1: the topics, as the streamer creates them.
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaBroker.bootstrapServers()))) {
            admin.createTopics(Topics.all(TOPICS, 1, (short) 1)).all().get();
        }
        // Step 2: the console, on a free port.
        console = start(
                List.of("--digitstream.console.rate-limit.burst=50", "--digitstream.console.rate-limit.per-second=50"));
        base = "http://127.0.0.1:" + console.getEnvironment().getProperty("local.server.port");
        // Step 3: a classifier that answers every image with a 7 from "mnist-lstm v1".
        classifier = new Thread(ConsoleIntegrationTest::classify, "stand-in-classifier");
        classifier.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        classifying.set(false);
        classifier.join();
        console.close();
    }

    static ConfigurableApplicationContext start(final List<String> more) {
        final List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + TestKafkaBroker.bootstrapServers(),
                "--digitstream.console.topics.images=" + TOPICS.images(),
                "--digitstream.console.topics.predictions=" + TOPICS.predictions(),
                "--digitstream.console.topics.dead-letters=" + TOPICS.deadLetters(),
                "--digitstream.console.topics.models=" + TOPICS.models(),
                "--digitstream.console.topics.rollout=" + TOPICS.rollout(),
                "--digitstream.console.answer-timeout=30s"));
        arguments.addAll(more);
        return new SpringApplicationBuilder(ConsoleApplication.class).run(arguments.toArray(String[]::new));
    }

    @Test
    void shouldAnswerADrawnDigitWithItsPredictionAndSendItsLabelWhenTheStreamAnswers() throws Exception {
        final byte[] png = png(DrawnDigits.seven(280, 280, Color.BLACK, Color.WHITE, BufferedImage.TYPE_INT_RGB));

        final HttpResponse<String> response = postDigit(base, png, "7");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"digit\":7", "\"modelName\":\"mnist-lstm\"", "\"modelVersion\":1", "\"label\":7")
                .contains("\"roundTripMillis\":");
        // What went to the input topic: the MNIST-style conversion produce --png does, and the label.
        await().atMost(Duration.ofSeconds(30)).until(() -> lastImage.get() != null);
        final DigitImage sent = lastImage.get();
        assertThat(AvroBytes.toArray(sent.getPixels()))
                .isEqualTo(MnistStyleImage.convert(ImageIO.read(new ByteArrayInputStream(png))));
        assertThat(sent.getLabel()).isEqualTo(7);
        // The live view counted it.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get(base + "/api/live/now").body().contains("\"model\":\"mnist-lstm v1\""));
    }

    @Test
    void shouldSayWhatIsWrongWhenThePictureIsBlankOrNotAPicture() throws Exception {
        final byte[] blank = png(new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB));

        final HttpResponse<String> empty = postDigit(base, blank, "");
        final HttpResponse<String> text = postDigit(base, "hello".getBytes(StandardCharsets.UTF_8), "");
        final HttpResponse<String> badLabel = postDigit(base, blank, "12");

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("no visible ink");
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(text.body()).contains("Not a picture");
        assertThat(badLabel.statusCode()).isEqualTo(400);
        assertThat(badLabel.body()).contains("one digit, 0-9");
    }

    @Test
    void shouldRefuseAFloodFromOneClientWhenItsRateLimitIsSpent() throws Exception {
        try (ConfigurableApplicationContext strict = start(List.of(
                "--digitstream.console.rate-limit.burst=3", "--digitstream.console.rate-limit.per-second=0.01"))) {
            final String url = "http://127.0.0.1:" + strict.getEnvironment().getProperty("local.server.port");
            final byte[] blank = png(new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB));
            final List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < 4; i++) {
                last = postDigit(url, blank, "");
                statuses.add(last.statusCode());
            }

            assertThat(statuses).containsExactly(400, 400, 400, 429);
            assertThat(last.body()).contains("Too many digits from your address");
        }
    }

    @Test
    void shouldRefuseAPictureOverTheSizeLimitWithOneLine() throws Exception {
        final HttpResponse<String> response = postDigit(base, new byte[600 * 1024], "");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("The picture is too large");
    }

    /** Reads every image from the start and answers it with a 7, echoing the label. */
    private static void classify() {
        final AvroSerde<DigitImage> images = AvroSerde.of(DigitImage.class);
        final AvroSerde<DigitPrediction> predictions = AvroSerde.of(DigitPrediction.class);
        try (KafkaConsumer<String, byte[]> in = new KafkaConsumer<>(
                        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaBroker.bootstrapServers()),
                        new StringDeserializer(),
                        new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> out = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaBroker.bootstrapServers()),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            in.assign(List.of(new TopicPartition(TOPICS.images(), 0)));
            while (classifying.get()) {
                for (final ConsumerRecord<String, byte[]> record : in.poll(Duration.ofMillis(100))) {
                    final DigitImage image = images.decode(record.value());
                    lastImage.set(image);
                    final List<Float> probabilities = new ArrayList<>();
                    for (int d = 0; d < 10; d++) {
                        probabilities.add(d == 7 ? 0.91f : 0.01f);
                    }
                    out.send(new ProducerRecord<>(
                            TOPICS.predictions(),
                            record.key(),
                            predictions.encode(DigitPrediction.newBuilder()
                                    .setId(image.getId())
                                    .setDigit(7)
                                    .setConfidence(0.91f)
                                    .setProbabilities(probabilities)
                                    .setModelName("mnist-lstm")
                                    .setModelVersion(1)
                                    .setLabel(image.getLabel())
                                    .setCreatedAt(image.getCreatedAt())
                                    .setPredictedAt(Instant.now())
                                    .build())));
                }
            }
        }
    }

    private static byte[] png(final BufferedImage image) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    private static HttpResponse<String> postDigit(final String url, final byte[] picture, final String label)
            throws IOException, InterruptedException {
        final String boundary = "digitstream-" + UUID.randomUUID();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"d.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(picture);
        body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\n" + label
                        + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/api/digits"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(final String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
