package dev.digitstream.mnist;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared MNIST files for tests: {@code $DIGITS_MNIST_DIR}, else {@code ../shared/data/mnist} next to
 * the repository root. Tests never download.
 */
public final class MnistTestData {

    private MnistTestData() {}

    public static Path directory() {
        final String fromEnvironment = System.getenv(MnistSource.DATA_DIR_ENV);
        final Path directory = fromEnvironment != null && !fromEnvironment.isBlank()
                ? Path.of(fromEnvironment)
                : repositoryRoot().resolve("../shared/data/mnist").normalize();
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException(
                    "MNIST test data not found at " + directory + ": set " + MnistSource.DATA_DIR_ENV);
        }
        return directory;
    }

    private static Path repositoryRoot() {
        Path candidate = Path.of("").toAbsolutePath();
        while (candidate != null) {
            if (Files.exists(candidate.resolve(".git")) || Files.isDirectory(candidate.resolve(".mvn"))) {
                return candidate;
            }
            candidate = candidate.getParent();
        }
        // Tests run in the module directory; the repository root is its parent.
        return Path.of("").toAbsolutePath().getParent();
    }
}
