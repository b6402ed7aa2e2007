package dev.digitstream.tools;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root folder, found from the test's working directory (the module folder under Maven). */
public final class RepositoryRoot {

    private RepositoryRoot() {}

    public static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("tools"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Run the tests from inside the repository (no docker-compose.yml found above "
                + Path.of("").toAbsolutePath() + ")");
    }
}
