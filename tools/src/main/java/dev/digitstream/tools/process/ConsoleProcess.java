package dev.digitstream.tools.process;

import dev.digitstream.cli.LocalPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The web console as a child JVM on its jar, bound to 127.0.0.1, on a broker. */
public final class ConsoleProcess {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);

    private final ChildProcesses.Child child;
    private final int port;

    private ConsoleProcess(final ChildProcesses.Child child, final int port) {
        this.child = child;
        this.port = port;
    }

    /** Starts {@code java -jar <jar>} on {@code port} (0: a free one) and the given broker. */
    public static ConsoleProcess start(
            final ChildProcesses children, final Path jar, final String bootstrapServers, final int port) {
        final int httpPort = port == 0 ? LocalPorts.free() : port;
        return new ConsoleProcess(
                children.startJava(
                        "console",
                        List.of(
                                "-Xmx256m",
                                "-jar",
                                jar.toString(),
                                "--server.address=127.0.0.1",
                                "--server.port=" + httpPort,
                                "--spring.kafka.bootstrap-servers=" + bootstrapServers)),
                httpPort);
    }

    /** The page's address. */
    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    public ChildProcesses.Child child() {
        return child;
    }

    /** Waits until the console answers its health check. */
    public void awaitReady(final Duration timeout) {
        final HttpClient http =
                HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
        final HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "actuator/health"))
                .timeout(HTTP_TIMEOUT)
                .build();
        HttpPoll.until(child, "console", http, health, response -> response.statusCode() == 200, "answering", timeout);
    }
}
