package dev.digitstream.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.tools.cli.LocalRunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamer's class data cache on the real streamer jar and a real broker: the first start records
 * it at its exit, the next start maps it (an AppCDS archive on Java 17-24, an AOT cache on 25+).
 */
class ClassDataCacheIntegrationTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path work;

    private ChildProcesses children;
    private KafkaClientSettings kafka;
    private Path jar;

    @BeforeEach
    void startBrokerAndCopyTheStreamerJar() throws IOException {
        children = new ChildProcesses(work.resolve("logs"));
        final LocalBroker broker = new LocalBroker(work, 0);
        broker.start(children, Duration.ofSeconds(90));
        broker.createTopics();
        kafka = KafkaClientSettings.plaintext(broker.bootstrapServers());
        // A copy of its own, so that the cache beside it is this test's, whatever other tests recorded.
        jar = work.resolve("jar").resolve("digitstream-streamer.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(new LocalRunOptions().resolve().streamerJar(), jar);
    }

    @AfterEach
    void stopEverything() {
        children.stopAll();
    }

    @Test
    void shouldRecordTheCacheAtTheFirstExitAndMapItAtTheNextStartWhenTheCacheIsOn() throws IOException {
        final StreamerProcess first = start("first");
        assertThat(cacheFiles()).isEmpty();
        stop(first);
        assertThat(cacheFiles()).hasSize(1);
        final Path cache = cacheFiles().get(0);
        assertThat(cache.getFileName().toString()).startsWith("java-" + Runtime.version());

        final StreamerProcess second = start("second");
        assertThat(second.child().process().info().arguments().orElseThrow())
                .anyMatch(argument -> argument.endsWith("=" + cache));
        // The JVM maps the cache into memory when it uses it; a cache it rejected would not be there.
        final String maps = Files.readString(
                Path.of("/proc", Long.toString(second.child().process().pid()), "maps"));
        assertThat(maps).contains(cache.toRealPath().toString());
        stop(second);
        try (Stream<Path> left = Files.list(cache.getParent())) {
            assertThat(left.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void shouldStartFromTheJarAsItIsWithTheGivenJavaOptionsWhenTheCacheIsOff() {
        final StreamerProcess streamer = StreamerProcess.start(
                children, "plain", jar, false, List.of("-XX:+UseSerialGC"), kafka, work, List.of());
        streamer.awaitReadiness(response -> response.statusCode() > 0, "answering", PATIENCE);

        assertThat(streamer.child().process().info().arguments().orElseThrow())
                .contains(jar.toString())
                .containsSubsequence("-XX:+UseSerialGC", "-jar")
                .noneMatch(argument -> argument.startsWith("-XX:AOTCache")
                        || argument.startsWith("-XX:SharedArchiveFile")
                        || argument.startsWith("-XX:ArchiveClassesAtExit"));
        assertThat(work.resolve("jar").resolve("digitstream-streamer-extracted"))
                .doesNotExist();
    }

    /** Started and answering HTTP (it has no model, so readiness says OUT_OF_SERVICE: enough here). */
    private StreamerProcess start(final String name) {
        final StreamerProcess streamer =
                StreamerProcess.start(children, name, jar, true, List.of(), kafka, work, List.of());
        streamer.awaitReadiness(response -> response.statusCode() > 0, "answering", PATIENCE);
        return streamer;
    }

    private void stop(final StreamerProcess streamer) {
        streamer.child().process().destroy();
        children.awaitExit(streamer.child(), PATIENCE);
    }

    private List<Path> cacheFiles() throws IOException {
        final Path extracted = work.resolve("jar").resolve("digitstream-streamer-extracted");
        if (!Files.isDirectory(extracted)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(extracted, 2)) {
            return files.filter(path -> path.getFileName().toString().startsWith("java-")
                            && !path.getFileName().toString().endsWith(".part"))
                    .toList();
        }
    }
}
