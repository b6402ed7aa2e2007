package dev.digitstream.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirTest {

    @Test
    void shouldDeleteATemporaryDirectoryCompletely() throws IOException {
        final WorkDir work = WorkDir.of(null, "work-dir-test-");
        write(work.path().resolve("kafka/data/00.log"));
        write(work.path().resolve("logs/streamer.log"));

        work.deleteIfTemporary();

        assertThat(work.path()).doesNotExist();
    }

    @Test
    void shouldKeepTheLogsOfAFailedRunAndDeleteTheRest() throws IOException {
        final WorkDir work = WorkDir.of(null, "work-dir-test-");
        write(work.path().resolve("kafka/data/00.log"));
        final Path log = write(work.path().resolve("logs/streamer.log"));

        work.deleteIfTemporary(work.path().resolve("logs"));

        assertThat(log).hasContent("x");
        assertThat(work.path().resolve("kafka")).doesNotExist();
        Files.delete(log);
        Files.delete(log.getParent());
        Files.delete(work.path());
    }

    @Test
    void shouldNeverDeleteADirectoryTheUserGave(@TempDir final Path given) throws IOException {
        final WorkDir work = WorkDir.of(given.resolve("mine"), "unused-");
        final Path data = write(work.path().resolve("kafka/data/00.log"));

        work.deleteIfTemporary();

        assertThat(data).exists();
    }

    private static Path write(final Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "x");
    }
}
