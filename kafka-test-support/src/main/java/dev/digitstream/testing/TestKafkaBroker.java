package dev.digitstream.testing;

import dev.digitstream.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.dockerclient.DockerClientConfigUtils;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * The real Kafka broker that tests run against, one per test JVM, chosen by one switch: the system
 * property (or environment variable {@code DIGITS_TEST_BROKER}) {@value #SWITCH}:
 * <ul>
 *   <li>{@code auto} (default): Testcontainers when a Docker engine answers and has, or can pull, the images
 *       it needs ({@value #IMAGE}; Ryuk unless {@code TESTCONTAINERS_RYUK_DISABLED=true}; inside a container,
 *       its tiny image unless {@code TESTCONTAINERS_HOST_OVERRIDE} is set); else embedded, and the start-up
 *       line says why;</li>
 *   <li>{@code embedded}: Apache Kafka's KRaft broker inside the test JVM (spring-kafka-test);</li>
 *   <li>{@code testcontainers}: the {@value #IMAGE} container, whatever it takes (no fallback);</li>
 *   <li>{@code external}: an existing broker at {@value #BOOTSTRAP_PROPERTY}.</li>
 * </ul>
 * The same test classes run unchanged on each.
 */
public final class TestKafkaBroker {

    public static final String SWITCH = "digitstream.test.broker";
    public static final String BOOTSTRAP_PROPERTY = "digitstream.test.bootstrap-servers";
    /** Same Kafka version as the project's clients (the one Spring Boot 4.0.7 manages). */
    public static final String IMAGE = "apache/kafka:4.1.2";
    /** What Testcontainers 2.0.5 runs besides the broker (its RyukContainer and DockerClientFactory.TINY_IMAGE). */
    static final String RYUK_IMAGE = "testcontainers/ryuk:0.14.0";

    static final String TINY_IMAGE = "alpine:3.17";

    private static final Logger LOG = LoggerFactory.getLogger(TestKafkaBroker.class);
    private static String bootstrapServers;

    private TestKafkaBroker() {}

    /** Bootstrap servers of the shared broker, started on first use and stopped when the JVM exits. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = start(choice());
        }
        return bootstrapServers;
    }

    /** The broker to start, and why when {@code auto} chose it. */
    record Choice(String kind, String why) {}

    private static Choice choice() {
        final String kind = System.getProperty(SWITCH, System.getenv().getOrDefault("DIGITS_TEST_BROKER", "auto"))
                .toLowerCase(Locale.ROOT);
        if (!kind.equals("auto")) {
            return new Choice(kind, "asked for");
        }
        final Optional<DockerImages> engine = DockerImages.find();
        return auto(engine, engine.isPresent() ? containerImages() : List.of());
    }

    /**
     * {@code auto}: the container when an engine answers and can provide every image it needs, else the
     * embedded broker. An engine without a registry (no network, no mirror) would otherwise fail every
     * integration test after minutes of pull retries.
     */
    static Choice auto(final Optional<? extends ImageSource> engine, final List<String> images) {
        if (engine.isEmpty()) {
            return new Choice("embedded", "auto: no Docker engine answers");
        }
        for (final String image : images) {
            final Optional<String> unavailable = engine.get().unavailable(image);
            if (unavailable.isPresent()) {
                return new Choice(
                        "embedded", "auto: the Docker engine cannot provide " + image + ", " + unavailable.get());
            }
        }
        return new Choice("testcontainers", "auto: a Docker engine answers with " + String.join(", ", images));
    }

    /** The images a Testcontainers broker needs, named as Testcontainers will ask for them. */
    private static List<String> containerImages() {
        final List<String> images = new ArrayList<>();
        images.add(IMAGE);
        if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            images.add(RYUK_IMAGE);
        }
        // Inside a container (/.dockerenv), Testcontainers may find the engine's host by running its tiny
        // image (alpine), unless TESTCONTAINERS_HOST_OVERRIDE names the host.
        if (DockerClientConfigUtils.IN_A_CONTAINER && isBlank(System.getenv("TESTCONTAINERS_HOST_OVERRIDE"))) {
            images.add(TINY_IMAGE);
        }
        return images.stream()
                .map(image -> ImageNameSubstitutor.instance()
                        .apply(DockerImageName.parse(image))
                        .asCanonicalNameString())
                .toList();
    }

    private static boolean isBlank(final String value) {
        return value == null || value.isBlank();
    }

    private static String start(final Choice choice) {
        final String kind = choice.kind();
        final String servers = switch (kind) {
            case "embedded" -> startEmbedded();
            case "testcontainers" -> startContainer();
            case "external" -> externalServers();
            default ->
                throw new IllegalArgumentException(
                        SWITCH + " must be auto, embedded, testcontainers or external, got " + kind);
        };
        LOG.info("Test Kafka broker ({}, {}) at {}", kind, choice.why(), servers);
        return servers;
    }

    private static String startEmbedded() {
        final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "message.max.bytes", Integer.toString(Topics.MODELS_MAX_MESSAGE_BYTES),
                "group.initial.rebalance.delay.ms", "0",
                // One broker: transactions (exactly_once_v2) need a transaction log it can replicate alone.
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-shutdown"));
        return broker.getBrokersAsString();
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook
    private static String startContainer() {
        final KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_MESSAGE_MAX_BYTES", Integer.toString(Topics.MODELS_MAX_MESSAGE_BYTES));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-shutdown"));
        return container.getBootstrapServers();
    }

    private static String externalServers() {
        final String servers = System.getProperty(BOOTSTRAP_PROPERTY, System.getenv("DIGITS_TEST_BOOTSTRAP_SERVERS"));
        if (servers == null || servers.isBlank()) {
            throw new IllegalStateException(SWITCH + "=external needs -D" + BOOTSTRAP_PROPERTY + "=HOST:PORT");
        }
        return servers;
    }
}
