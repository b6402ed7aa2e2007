package dev.digitstream.tools;

import java.nio.file.Files;
import java.nio.file.Path;

/** The MNIST files for tests: {@code $DIGITS_MNIST_DIR}, else {@code ../shared/data/mnist} beside the repository. Never downloaded. */
final class TestMnist {

    private TestMnist() {
    }

    static Path directory() {
        final String configured = System.getenv("DIGITS_MNIST_DIR");
        final Path directory = configured != null && !configured.isBlank() ? Path.of(configured)
                : RepositoryRoot.find().resolve("../shared/data/mnist").normalize();
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("MNIST files not found at " + directory + ": set DIGITS_MNIST_DIR");
        }
        return directory;
    }
}
