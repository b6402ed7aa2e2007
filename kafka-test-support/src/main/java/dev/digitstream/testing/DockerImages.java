package dev.digitstream.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * The Docker engine that Testcontainers would use, asked for images the way Testcontainers would get
 * them (from the engine's store, else by one pull), but without starting anything: no Ryuk, no
 * container, and one pull attempt instead of Testcontainers' minutes of retries.
 */
final class DockerImages implements ImageSource {

    /** Testcontainers' own default pull timeout ({@code pull.timeout}). */
    static final Duration PULL_TIMEOUT = Duration.ofMinutes(2);

    private final DockerClient client;

    private DockerImages(final DockerClient client) {
        this.client = client;
    }

    /** The engine Testcontainers finds (DOCKER_HOST, ~/.testcontainers.properties, the usual sockets), if one answers. */
    static Optional<DockerImages> find() {
        try {
            final TransportConfig transport = DockerClientFactory.instance().getTransportConfig();
            return Optional.of(new DockerImages(DockerClientProviderStrategy.getClientForConfig(transport)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> unavailable(final String image) {
        try {
            client.inspectImageCmd(image).exec();
            return Optional.empty();
        } catch (NotFoundException e) {
            return pull(image);
        } catch (RuntimeException e) {
            return Optional.of("inspecting it failed: " + e.getMessage());
        }
    }

    private Optional<String> pull(final String image) {
        try (PullImageResultCallback pull = client.pullImageCmd(image).exec(new PullImageResultCallback())) {
            if (!pull.awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return Optional.of("not there, and no pull finished within " + PULL_TIMEOUT.toSeconds() + " s");
            }
            return Optional.empty();
        } catch (RuntimeException | IOException e) {
            return Optional.of("not there, and pulling it failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while pulling it");
        }
    }
}
