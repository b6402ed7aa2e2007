package dev.digitstream.tools.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where this repository's build outputs are, seen from the running tools jar (or classes folder). */
final class RepositoryLayout {

    private RepositoryLayout() {}

    /** The repository root: three levels above {@code tools/target/<jar or classes>}, else the working directory. */
    static Path root() {
        try {
            final Path location = Path.of(RepositoryLayout.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            final Path candidate =
                    location.getParent() == null ? null : location.getParent().getParent();
            if (candidate != null
                    && candidate.getFileName() != null
                    && candidate.getFileName().toString().equals("tools")
                    && candidate.getParent() != null
                    && Files.isRegularFile(candidate.getParent().resolve("pom.xml"))) {
                return candidate.getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Fall back to the working directory.
        }
        return Path.of("").toAbsolutePath();
    }
}
