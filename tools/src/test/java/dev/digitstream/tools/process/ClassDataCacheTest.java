package dev.digitstream.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataCacheTest {

    /** What a reproducible build stamps on every entry and on the jar. */
    private static final FileTime BUILD_TIME = FileTime.from(Instant.parse("2026-11-29T00:00:00Z"));

    @TempDir
    Path work;

    @Test
    void shouldTellTwoBuildsApartWhenTheyHaveTheSameSizeAndTimestamp() throws IOException {
        final Path first = jar("first.jar", "class A { int x = 1; }");
        final Path second = jar("second.jar", "class A { int x = 2; }");
        assertThat(Files.size(first)).isEqualTo(Files.size(second));
        assertThat(Files.getLastModifiedTime(first)).isEqualTo(Files.getLastModifiedTime(second));

        assertThat(ClassDataCache.fingerprint(first)).isNotEqualTo(ClassDataCache.fingerprint(second));
    }

    @Test
    void shouldKeepTheFingerprintWhenTheSameBuildIsCopied() throws IOException {
        final Path jar = jar("streamer.jar", "class A { int x = 1; }");
        final Path copy = Files.copy(jar, work.resolve("copy.jar"));

        assertThat(ClassDataCache.fingerprint(copy)).isEqualTo(ClassDataCache.fingerprint(jar));
    }

    private Path jar(final String name, final String content) throws IOException {
        final Path jar = work.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            final ZipEntry entry = new ZipEntry("BOOT-INF/classes/A.java");
            entry.setLastModifiedTime(BUILD_TIME);
            zip.putNextEntry(entry);
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Files.setLastModifiedTime(jar, BUILD_TIME);
        return jar;
    }
}
