package dev.digitstream.streamer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/** One streamer application running in the test JVM against the test broker, with its own state directory. */
final class StreamerInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;

    private StreamerInstance(final ConfigurableApplicationContext context) {
        this.context = context;
    }

    static StreamerInstance start(final String bootstrapServers, final String topicPrefix, final String... extraArgs) {
        final Path stateDir;
        try {
            stateDir = Files.createTempDirectory("streamer-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final StreamerProperties.TopicSettings topics = StreamerInstance.topics(topicPrefix);
        final List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--spring.kafka.streams.state-dir=" + stateDir,
                "--server.port=0",
                "--management.metrics.use-global-registry=false",
                // Instances share this JVM, whose JIT the first one's warm-up compiles: a short one each is enough.
                "--digitstream.warm-up-images=2000",
                "--digitstream.application-id=" + topicPrefix + "streamer",
                "--digitstream.topics.in=" + topics.in(),
                "--digitstream.topics.predicted=" + topics.predicted(),
                "--digitstream.topics.models=" + topics.models(),
                "--digitstream.topics.dead-letter=" + topics.deadLetter(),
                "--digitstream.topics.rollout=" + topics.rollout()));
        args.addAll(List.of(extraArgs));
        return new StreamerInstance(
                new SpringApplicationBuilder(StreamerApplication.class).run(args.toArray(String[]::new)));
    }

    /** The default topic names behind a prefix, so that tests sharing a broker do not meet. */
    static StreamerProperties.TopicSettings topics(final String prefix) {
        final StreamerProperties.TopicSettings d = StreamerProperties.defaults().topics();
        return new StreamerProperties.TopicSettings(
                prefix + d.in(),
                prefix + d.predicted(),
                prefix + d.models(),
                prefix + d.deadLetter(),
                prefix + d.rollout(),
                d.partitions(),
                d.replicationFactor(),
                d.create());
    }

    /** The Kafka Streams state: RUNNING once it has its partitions, so its topics exist and have leaders. */
    KafkaStreams.State streamsState() {
        final KafkaStreams streams =
                context.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    ModelRegistry registry() {
        return context.getBean(ModelRegistry.class);
    }

    /** The candidate's version, 0 when there is none. */
    long candidateVersion() {
        return registry()
                .deployment()
                .flatMap(Deployment::candidateIfAny)
                .map(LoadedModel::version)
                .orElse(0L);
    }

    long servingVersion() {
        return registry().current().map(LoadedModel::version).orElse(0L);
    }

    /** GET on this instance's HTTP port; returns status code and body. */
    HttpResponse<String> get(final String path) {
        final int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
