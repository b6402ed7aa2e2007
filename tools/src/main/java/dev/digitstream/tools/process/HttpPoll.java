package dev.digitstream.tools.process;

import dev.digitstream.tools.cli.ToolException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Asks a child JVM's HTTP endpoint until its answer satisfies a condition: how the tools wait for a streamer or console. */
final class HttpPoll {

    private static final Duration INTERVAL = Duration.ofMillis(250);

    private HttpPoll() {}

    /**
     * Sends {@code request} until {@code condition} holds; a {@link ToolException} when {@code child} ({@code name})
     * stops, or after {@code timeout}, saying it was not {@code what}.
     */
    static void until(
            final ChildProcesses.Child child,
            final String name,
            final HttpClient http,
            final HttpRequest request,
            final Predicate<HttpResponse<String>> condition,
            final String what,
            final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.alive()) {
                throw new ToolException("The " + name + " stopped: " + child.logTail(5));
            }
            try {
                if (condition.test(http.send(request, HttpResponse.BodyHandlers.ofString()))) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet, or busy: ask again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("Interrupted while waiting for the " + name, e);
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("Interrupted while waiting for the " + name, e);
            }
        }
        throw new ToolException("The " + name + " was not " + what + " within " + timeout.toSeconds() + " s (log: "
                + child.log() + ")");
    }
}
