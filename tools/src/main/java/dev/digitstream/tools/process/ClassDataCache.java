package dev.digitstream.tools.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Spring Boot jar with the JVM's cache of loaded and linked classes, so that a restarted,
 * rebalanced or added instance serves sooner: on Java 25 and later an AOT cache (JEP 483, 514; with
 * JEP 515's method profiles), on Java 17 to 24 a dynamic AppCDS archive. Both work only on a plain class
 * path, so the jar is first extracted in Spring Boot's layout ({@code -Djarmode=tools extract}) beside
 * it, once per jar build. The first start records the cache when its JVM exits (the classes of a real run,
 * Kafka's included); the starts after it use it. A cache belongs to one jar build and one JVM build, and
 * is named after both. Whatever goes wrong here only costs the speed-up: the jar then starts as it is.
 */
final class ClassDataCache {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataCache.class);
    private static final int AOT_CACHE_SINCE = 25;
    /** The exit code of a JVM killed by SIGKILL (128 + 9): it may have left its recording half written. */
    private static final int KILLED = 137;

    /** How to start the jar: the jar to run, the JVM options before {@code -jar}, what to do after its exit. */
    record Launch(Path jar, List<String> jvmOptions, Consumer<Process> afterExit) {

        static Launch plain(final Path jar) {
            return new Launch(jar, List.of(), process -> {});
        }
    }

    private ClassDataCache() {}

    /** The launch of {@code springBootJar} with the cache: using it when recorded, else recording it. */
    static Launch launch(final Path springBootJar) {
        try {
            final Path extracted = extracted(springBootJar);
            final Path cache = extracted.resolve(cacheName());
            if (Files.isRegularFile(cache)) {
                return new Launch(extracted.resolve(springBootJar.getFileName()), using(cache), process -> {});
            }
            final Path recording = extracted.resolve(cache.getFileName() + "." + UUID.randomUUID() + ".part");
            LOG.info("Recording the {} at the streamer's exit: {}", kind(), cache);
            return new Launch(
                    extracted.resolve(springBootJar.getFileName()),
                    recording(recording),
                    process -> keep(recording, cache, process));
        } catch (IOException | RuntimeException e) {
            LOG.warn("No class data cache for {} ({}); it starts without", springBootJar, e.getMessage());
            return Launch.plain(springBootJar);
        }
    }

    private static List<String> using(final Path cache) {
        return options(aotCache() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=", cache);
    }

    private static List<String> recording(final Path output) {
        return options(aotCache() ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=", output);
    }

    private static List<String> options(final String fileOption, final Path file) {
        final List<String> options = new ArrayList<>(quiet());
        options.add(fileOption + file);
        return options;
    }

    /** The JVM lists every class it cannot cache, as warnings, one line each: not news for an operator. */
    private static List<String> quiet() {
        return aotCache() ? List.of("-Xlog:aot*=error", "-Xlog:cds*=error") : List.of("-Xlog:cds*=error");
    }

    private static boolean aotCache() {
        return Runtime.version().feature() >= AOT_CACHE_SINCE;
    }

    private static String kind() {
        return aotCache() ? "AOT cache" : "AppCDS archive";
    }

    /** One JVM build's cache: another JVM (or a JVM update) records its own. */
    private static String cacheName() {
        final String version = Runtime.version().toString().replaceAll("[^0-9A-Za-z.+-]", "_");
        return "java-" + version + (aotCache() ? ".aot" : ".jsa");
    }

    /** The recording becomes the cache once the JVM has written it, in one move: a reader never sees half. */
    private static void keep(final Path recording, final Path cache, final Process process) {
        try {
            if (process.exitValue() == KILLED) {
                LOG.info("The streamer was killed while it could write its {}; the next start records it", kind());
            } else if (Files.isRegularFile(recording) && Files.size(recording) > 0) {
                Files.move(recording, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.info("Recorded the {} for the next streamer starts: {}", kind(), cache);
            } else {
                LOG.info(
                        "The streamer exited without writing its {} (stopped by force?); the next start records it",
                        kind());
            }
        } catch (IOException e) {
            LOG.warn("Cannot keep the {} {}: {}", kind(), recording, e.getMessage());
        } finally {
            deleteQuietly(recording);
        }
    }

    /**
     * The jar in Spring Boot's extracted layout, in {@code <jar name>-extracted/<fingerprint>/} beside
     * it: made once per build of the jar (into a temporary folder, then moved in one step), older builds'
     * folders removed.
     */
    private static Path extracted(final Path jar) throws IOException {
        final String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        final Path parent = jar.toAbsolutePath().getParent().resolve(name + "-extracted");
        final Path build = parent.resolve(fingerprint(jar));
        if (Files.isRegularFile(build.resolve(jar.getFileName()))) {
            return build;
        }
        Files.createDirectories(parent);
        final Path temporary = Files.createTempDirectory(parent, ".extracting-");
        try {
            extract(jar, temporary);
        } catch (IOException e) {
            deleteTree(temporary);
            throw e;
        }
        try {
            Files.move(temporary, build, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            deleteTree(temporary); // another start extracted the same build meanwhile
        } catch (IOException e) {
            deleteTree(temporary);
            if (!Files.isRegularFile(build.resolve(jar.getFileName()))) {
                throw e;
            }
        }
        try (Stream<Path> builds = Files.list(parent)) {
            builds.filter(other -> !other.equals(build)
                            && !other.getFileName().toString().startsWith("."))
                    .forEach(ClassDataCache::deleteTree);
        }
        return build;
    }

    /**
     * What the jar holds: a hash of each entry's name, size and CRC, read from the zip's directory. Not its
     * modification time, which a reproducible build sets to a fixed date, nor its size alone.
     */
    static String fingerprint(final Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            zip.stream()
                    .forEach(entry ->
                            digest.update((entry.getName() + '\0' + entry.getSize() + '\0' + entry.getCrc() + '\n')
                                    .getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void extract(final Path jar, final Path destination) throws IOException {
        final Path log = destination.resolveSibling(destination.getFileName() + ".log");
        final Process process = new ProcessBuilder(
                        ChildProcesses.javaExecutable(),
                        "-Djarmode=tools",
                        "-jar",
                        jar.toString(),
                        "extract",
                        "--force",
                        "--destination",
                        destination.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            final int exit = process.waitFor();
            if (exit != 0 || !Files.isRegularFile(destination.resolve(jar.getFileName()))) {
                final String output = Files.readString(log).strip();
                throw new IOException("extracting it failed (exit " + exit + "): "
                        + output.lines().reduce((first, last) -> last).orElse(""));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting it", e);
        } finally {
            deleteQuietly(log);
        }
    }

    private static void deleteTree(final Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(ClassDataCache::deleteQuietly);
        } catch (IOException e) {
            LOG.debug("Cannot remove {}: {}", root, e.getMessage());
        }
    }

    private static void deleteQuietly(final Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("Cannot remove {}: {}", path, e.getMessage());
        }
    }
}
