package dev.digitstream.tools.process;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.cli.LocalPorts;
import dev.digitstream.tools.cli.RunInputs;
import dev.digitstream.tools.cli.ToolException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** One streamer as a child JVM on its jar, with its HTTP port for readiness and metrics. */
public final class StreamerProcess {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
    /** Spring Boot hands every property under this prefix to each Kafka client as it is. */
    private static final String SPRING_KAFKA_PROPERTIES = "spring.kafka.properties.";

    private final ChildProcesses.Child child;
    private final int httpPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private StreamerProcess(final ChildProcesses.Child child, final int httpPort) {
        this.child = child;
        this.httpPort = httpPort;
    }

    /** Lets the classifier use the JDK's Vector API kernel (an incubator module in JDK 17), ~20% faster. */
    private static final List<String> VECTOR_API = List.of("--add-modules", "jdk.incubator.vector");

    /**
     * Starts {@code java --add-modules jdk.incubator.vector -jar <jar>} on a free HTTP port, on the given
     * broker with its Kafka Streams state in {@code <work>/streams}, with more {@code --property=value}
     * arguments.
     */
    public static StreamerProcess start(
            final ChildProcesses children,
            final Path jar,
            final KafkaClientSettings kafka,
            final Path workDir,
            final List<String> arguments) {
        return start(children, "streamer", jar, kafka, workDir, arguments);
    }

    /** As above, with the child's name (its log is {@code <name>.log}), for several streamers side by side. */
    public static StreamerProcess start(
            final ChildProcesses children,
            final String name,
            final Path jar,
            final KafkaClientSettings kafka,
            final Path workDir,
            final List<String> arguments) {
        return start(children, name, jar, true, List.of(), kafka, workDir, arguments);
    }

    /** As below, with the streamer's jar, class data cache and JVM options as local and bench resolved them. */
    public static StreamerProcess start(
            final ChildProcesses children,
            final String name,
            final RunInputs inputs,
            final KafkaClientSettings kafka,
            final Path workDir,
            final List<String> arguments) {
        return start(
                children,
                name,
                inputs.streamerJar(),
                inputs.classDataCache(),
                inputs.streamerJavaOptions(),
                kafka,
                workDir,
                arguments);
    }

    /**
     * As above; with {@code classDataCache} the JVM starts with its class data cache ({@link
     * ClassDataCache}: an AOT cache on Java 25+, an AppCDS archive before), recorded by the first start;
     * {@code javaOptions} go on the JVM's command line after the project's own.
     */
    public static StreamerProcess start(
            final ChildProcesses children,
            final String name,
            final Path jar,
            final boolean classDataCache,
            final List<String> javaOptions,
            final KafkaClientSettings kafka,
            final Path workDir,
            final List<String> arguments) {
        // The client settings, secrets included, go in a file only this user can read, not on the command line.
        final Path kafkaConfig = kafka.writeTo(workDir.resolve(name + "-kafka.properties"), SPRING_KAFKA_PROPERTIES);
        final int httpPort = LocalPorts.free();
        final ClassDataCache.Launch launch =
                classDataCache ? ClassDataCache.launch(jar) : ClassDataCache.Launch.plain(jar);
        final List<String> command = new ArrayList<>(List.of("-Xms256m", "-Xmx1g"));
        command.addAll(VECTOR_API);
        command.addAll(launch.jvmOptions());
        command.addAll(javaOptions);
        command.addAll(List.of(
                "-jar",
                launch.jar().toString(),
                "--server.port=" + httpPort,
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.config.additional-location=file:" + kafkaConfig.toAbsolutePath(),
                "--spring.kafka.streams.state-dir=" + workDir.resolve("streams")));
        command.addAll(arguments);
        return new StreamerProcess(children.startJava(name, command, false, launch.afterExit()), httpPort);
    }

    public ChildProcesses.Child child() {
        return child;
    }

    /** Waits until the streamer is ready: Kafka Streams running and a model loaded. */
    public void awaitReady(final Duration timeout) {
        await("/actuator/health/readiness", response -> response.statusCode() == 200, "ready", timeout);
    }

    /** Waits until its readiness answer satisfies {@code condition}, such as DOWN for a given reason. */
    public void awaitReadiness(
            final Predicate<HttpResponse<String>> condition, final String what, final Duration timeout) {
        await("/actuator/health/readiness", condition, what, timeout);
    }

    /** Waits until the streamer shadows (or canaries) {@code version} as its candidate, per its metrics. */
    public void awaitCandidate(final long version, final Duration timeout) {
        final String line = "digitstream_model_candidate_version " + (double) version;
        await(
                "/actuator/prometheus",
                response ->
                        response.statusCode() == 200 && response.body().lines().anyMatch(line::equals),
                "serving with version " + version + " as its candidate",
                timeout);
    }

    /** Asks {@code path} until its answer satisfies {@code condition}; a {@link ToolException} after the timeout. */
    private void await(
            final String path,
            final Predicate<HttpResponse<String>> condition,
            final String what,
            final Duration timeout) {
        HttpPoll.until(child, "streamer", http, get(path), condition, what, timeout);
    }

    /** GET on the streamer's HTTP port: a health group, {@code /model}, the metrics. */
    public HttpResponse<String> fetch(final String path) {
        return fetch(path, HTTP_TIMEOUT);
    }

    /** As {@link #fetch(String)}, waiting up to {@code timeout} for an answer that takes long to make. */
    public HttpResponse<String> fetch(final String path, final Duration timeout) {
        try {
            return http.send(get(path, timeout), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ToolException("Cannot read the streamer's " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while reading the streamer's " + path, e);
        }
    }

    /** Its batch and inference counters now, with its process CPU time. */
    public StreamerMetricsSample sample() {
        final double cpuSeconds = child.process()
                .toHandle()
                .info()
                .totalCpuDuration()
                .map(duration -> duration.toNanos() / 1e9)
                .orElse(0.0);
        try {
            final HttpResponse<String> response =
                    http.send(get("/actuator/prometheus"), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ToolException("The streamer's /actuator/prometheus answered " + response.statusCode());
            }
            return StreamerMetricsSample.parse(response.body(), cpuSeconds, System.nanoTime());
        } catch (IOException e) {
            throw new ToolException("Cannot read the streamer's metrics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while reading the streamer's metrics", e);
        }
    }

    private HttpRequest get(final String path) {
        return get(path, HTTP_TIMEOUT);
    }

    private HttpRequest get(final String path, final Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(timeout)
                .build();
    }
}
