package dev.digitstream.tools.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The directory a run keeps its broker data, models and logs in: the one given, else a temporary one. */
public final class WorkDir {

    private final Path path;
    private final boolean temporary;

    private WorkDir(final Path path, final boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /** The directory given (created when missing), else a new temporary one named {@code <prefix>...}. */
    public static WorkDir of(final Path given, final String prefix) throws IOException {
        return given == null
                ? new WorkDir(Files.createTempDirectory(prefix), true)
                : new WorkDir(Files.createDirectories(given), false);
    }

    public Path path() {
        return path;
    }

    /** Deletes a temporary directory; call it once every process writing there has stopped. */
    public void deleteIfTemporary() {
        deleteIfTemporary(null);
    }

    /**
     * Deletes a temporary directory except {@code keep} (a folder inside it, or null), which a failed
     * run's message points to; call it once every process writing there has stopped.
     */
    public void deleteIfTemporary(final Path keep) {
        if (!temporary) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder())
                    .filter(file -> keep == null || !file.startsWith(keep) && !keep.startsWith(file))
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // Best effort: it is a temporary directory.
        }
    }
}
