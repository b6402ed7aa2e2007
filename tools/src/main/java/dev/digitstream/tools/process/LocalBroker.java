package dev.digitstream.tools.process;

import dev.digitstream.cli.LocalPorts;
import dev.digitstream.schemas.Topics;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.kafka.Brokers;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Apache Kafka's own broker (KRaft, combined broker and controller) as a child JVM, listening on
 * 127.0.0.1 only, with its data in {@code <work>/kafka}. Its class path was resolved from the
 * {@code org.apache.kafka:kafka_2.13} artifact when this module was built.
 */
public final class LocalBroker {

    /** The broker and its compile-scope dependencies, then the compression codecs (runtime scope). */
    static final List<String> CLASSPATH_RESOURCES = List.of(
            "/dev/digitstream/tools/kafka-broker.classpath", "/dev/digitstream/tools/kafka-broker-codecs.classpath");

    private final Path directory;
    private final int port;
    private final int controllerPort;

    public LocalBroker(final Path workDir, final int port) {
        this.directory = workDir.resolve("kafka");
        this.port = port == 0 ? LocalPorts.free() : port;
        this.controllerPort = LocalPorts.free();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats the storage on first use, starts the broker and waits until it answers. */
    public ChildProcesses.Child start(final ChildProcesses children, final Duration timeout) {
        if (!LocalPorts.isFree(port)) {
            throw new ToolException("Port " + port + " is in use (is another Kafka running?): choose another with "
                    + "--port, or 0 for any free one");
        }
        final Path config = writeConfig();
        final String classpath = classpath();
        if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
            final ChildProcesses.Child format = children.startJava(
                    "kafka-format",
                    List.of(
                            "-cp",
                            classpath,
                            "kafka.tools.StorageTool",
                            "format",
                            "--config",
                            config.toString(),
                            "--cluster-id",
                            Uuid.randomUuid().toString(),
                            "--ignore-formatted"));
            if (children.awaitExit(format, Duration.ofMinutes(2)) != 0) {
                throw new ToolException("Cannot format Kafka's storage in " + directory + ": " + format.logTail(3));
            }
        }
        final ChildProcesses.Child broker = children.startJava(
                "kafka",
                List.of(
                        "-Xms256m",
                        "-Xmx768m",
                        "-Dlogback.configurationFile=" + writeLogConfig(),
                        "-cp",
                        classpath,
                        "kafka.Kafka",
                        config.toString()));
        awaitReady(broker, timeout);
        return broker;
    }

    /** Creates the four topics unless they exist, as the streamer would. */
    public void createTopics() {
        final List<NewTopic> topics = Topics.all(Topics.Names.defaults(), Topics.DEFAULT_PARTITIONS, (short) 1);
        try (Admin admin = admin()) {
            for (final NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new ToolException(
                                "Cannot create topic " + topic.name() + ": "
                                        + e.getCause().getMessage(),
                                e);
                    }
                }
            }
            if (!Brokers.awaitLeaders(admin, topics.stream().map(NewTopic::name).toList(), Duration.ofSeconds(30))) {
                throw new TimeoutException("topics without leaders after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new ToolException("The local broker did not create the topics within 30 s", e);
        }
    }

    /** True when a model version has ever been published on this broker. */
    public boolean hasModel() {
        try (Admin admin = admin()) {
            final TopicPartition partition = new TopicPartition(Topics.MODELS, 0);
            final long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get(30, TimeUnit.SECONDS)
                    .offset();
            return end > 0;
        } catch (ExecutionException | TimeoutException e) {
            throw new ToolException("Cannot read the models topic: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while reading the models topic", e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000));
    }

    private void awaitReady(final ChildProcesses.Child broker, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                if (!broker.alive()) {
                    throw new ToolException("The Kafka broker stopped while starting: " + broker.logTail(5)
                            + System.lineSeparator() + "(log: " + broker.log() + ")");
                }
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    // Not up yet: ask again.
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while waiting for the Kafka broker", e);
        }
        throw new ToolException(
                "The Kafka broker did not answer within " + timeout.toSeconds() + " s (log: " + broker.log() + ")");
    }

    private Path writeConfig() {
        final Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", directory.resolve("data").toString());
        config.put("auto.create.topics.enable", "false");
        config.put("num.partitions", Integer.toString(Topics.DEFAULT_PARTITIONS));
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("message.max.bytes", Integer.toString(Topics.MODELS_MAX_MESSAGE_BYTES));
        final Path file = directory.resolve("server.properties");
        try {
            Files.createDirectories(directory);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                config.store(out, "digits local: single-node KRaft broker on 127.0.0.1");
            }
        } catch (IOException e) {
            throw new ToolException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private Path writeLogConfig() {
        final Path file = directory.resolve("logback.xml");
        final String xml = """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka" level="INFO"/>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """;
        try {
            Files.writeString(file, xml);
        } catch (IOException e) {
            throw new ToolException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The broker's class path, as resolved by Maven when this module was built. */
    static String classpath() {
        final List<String> parts = new ArrayList<>();
        for (final String resource : CLASSPATH_RESOURCES) {
            try (InputStream in = LocalBroker.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ToolException("This build of digits has no Kafka broker class path: build it with Maven");
                }
                parts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        final String classpath = String.join(File.pathSeparator, parts);
        for (final String jar : classpath.split(File.pathSeparator)) {
            if (!Files.exists(Path.of(jar))) {
                throw new ToolException("The Kafka broker's jar " + jar + " is gone from the Maven repository: "
                        + "rebuild the tools (./mvnw -pl tools -am package -DskipTests)");
            }
        }
        return classpath;
    }
}
