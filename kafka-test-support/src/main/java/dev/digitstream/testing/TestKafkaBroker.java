package dev.digitstream.testing;

import dev.digitstream.schemas.Topics;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real Kafka broker that tests run against, one per test JVM, chosen by one switch: the system
 * property (or environment variable {@code DIGITS_TEST_BROKER}) {@value #SWITCH}:
 * <ul>
 *   <li>{@code auto} (default): Testcontainers when a Docker engine answers, else embedded;</li>
 *   <li>{@code embedded}: Apache Kafka's KRaft broker inside the test JVM (spring-kafka-test);</li>
 *   <li>{@code testcontainers}: the {@value #IMAGE} container;</li>
 *   <li>{@code external}: an existing broker at {@value #BOOTSTRAP_PROPERTY}.</li>
 * </ul>
 * The same test classes run unchanged on each.
 */
public final class TestKafkaBroker {

    public static final String SWITCH = "digitstream.test.broker";
    public static final String BOOTSTRAP_PROPERTY = "digitstream.test.bootstrap-servers";
    /** Same Kafka version as the project's clients (the one Spring Boot 4.0.7 manages). */
    public static final String IMAGE = "apache/kafka:4.1.2";

    private static final Logger LOG = LoggerFactory.getLogger(TestKafkaBroker.class);
    private static String bootstrapServers;

    private TestKafkaBroker() {}

    /** Bootstrap servers of the shared broker, started on first use and stopped when the JVM exits. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = start(kind());
        }
        return bootstrapServers;
    }

    private static String kind() {
        String kind = System.getProperty(SWITCH, System.getenv().getOrDefault("DIGITS_TEST_BROKER", "auto"));
        kind = kind.toLowerCase(Locale.ROOT);
        if (kind.equals("auto")) {
            kind = dockerAvailable() ? "testcontainers" : "embedded";
        }
        return kind;
    }

    private static String start(final String kind) {
        final String servers = switch (kind) {
            case "embedded" -> startEmbedded();
            case "testcontainers" -> startContainer();
            case "external" -> externalServers();
            default ->
                throw new IllegalArgumentException(
                        SWITCH + " must be auto, embedded, testcontainers or external, got " + kind);
        };
        LOG.info("Test Kafka broker ({}) at {}", kind, servers);
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

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
