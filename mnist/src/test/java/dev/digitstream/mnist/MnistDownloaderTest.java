package dev.digitstream.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download path against local mirrors on 127.0.0.1 that serve the shared files, intact or corrupted. */
class MnistDownloaderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path cache;

    private final List<HttpServer> servers = new ArrayList<>();
    private final Map<String, Integer> requests = new ConcurrentHashMap<>();

    @AfterEach
    void stopServers() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void shouldDownloadVerifyAndCacheEveryFileWhenMirrorServesGoodFiles() throws IOException {
        final URI mirror = mirror("good", name -> read(name));

        final MnistSource source = MnistSource.cached(cache, List.of(mirror), TIMEOUT);

        for (final MnistFile file : MnistFile.values()) {
            assertThat(cache.resolve(file.gzipName()))
                    .hasSameBinaryContentAs(MnistTestData.directory().resolve(file.gzipName()));
        }
        assertThat(source.test().size()).isEqualTo(10_000);
        assertThat(leftoverTemporaryFiles()).isEmpty();
    }

    @Test
    void shouldNotDownloadAgainWhenFileIsCached() throws IOException {
        final URI mirror = mirror("good", name -> read(name));
        MnistSource.cached(cache, List.of(mirror), TIMEOUT);

        MnistSource.cached(cache, List.of(mirror), TIMEOUT);

        assertThat(requests)
                .hasSize(4)
                .allSatisfy((path, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void shouldDownloadNothingWhenTheCacheHoldsRawFiles() throws IOException {
        final URI mirror = mirror("good", name -> read(name));
        for (final MnistFile file : MnistFile.values()) {
            try (InputStream in = new GZIPInputStream(
                    Files.newInputStream(MnistTestData.directory().resolve(file.gzipName())))) {
                Files.copy(in, cache.resolve(file.baseName()));
            }
        }

        final MnistSource source = MnistSource.cached(cache, List.of(mirror), TIMEOUT);

        assertThat(source.test().size()).isEqualTo(10_000);
        assertThat(requests).isEmpty();
    }

    @Test
    void shouldCacheNothingAndFailWhenChecksumDoesNotMatch() {
        final MnistFile corrupted = MnistFile.TEST_LABELS;
        final URI mirror = mirror("bad", name -> name.equals(corrupted.gzipName()) ? corrupt(read(name)) : read(name));
        final MnistDownloader downloader = new MnistDownloader(List.of(mirror), TIMEOUT);

        assertThatThrownBy(() -> downloader.ensureCached(corrupted, cache))
                .isInstanceOf(MnistException.class)
                .hasMessageContaining("Cannot download MNIST file t10k-labels-idx1-ubyte.gz from any mirror")
                .hasMessageContaining("SHA-256 of the decompressed content is")
                .hasMessageContaining(corrupted.sha256());
        assertThat(cache.resolve(corrupted.gzipName())).doesNotExist();
        assertThat(leftoverTemporaryFiles()).isEmpty();
    }

    @Test
    void shouldUseNextMirrorWhenFirstServesCorruptedFile() {
        final URI bad = mirror("bad", name -> corrupt(read(name)));
        final URI good = mirror("good", name -> read(name));
        final MnistDownloader downloader = new MnistDownloader(List.of(bad, good), TIMEOUT);

        final Path cached = downloader.ensureCached(MnistFile.TEST_LABELS, cache);

        assertThat(cached).hasSameBinaryContentAs(MnistTestData.directory().resolve(MnistFile.TEST_LABELS.gzipName()));
        assertThat(requests).containsKeys("/bad/t10k-labels-idx1-ubyte.gz", "/good/t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void shouldReportStatusWhenMirrorLacksFile() {
        final URI empty = mirror("empty", name -> null);
        final MnistDownloader downloader = new MnistDownloader(List.of(empty), TIMEOUT);

        assertThatThrownBy(() -> downloader.ensureCached(MnistFile.TEST_IMAGES, cache))
                .isInstanceOf(MnistException.class)
                .hasMessageContaining("HTTP status 404");
        assertThat(cache.resolve(MnistFile.TEST_IMAGES.gzipName())).doesNotExist();
    }

    private URI mirror(final String prefix, final java.util.function.Function<String, byte[]> files) {
        try {
            final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/" + prefix + "/", exchange -> {
                final String path = exchange.getRequestURI().getPath();
                requests.merge(path, 1, Integer::sum);
                final byte[] body = files.apply(path.substring(prefix.length() + 2));
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                exchange.close();
            });
            server.start();
            servers.add(server);
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + prefix + "/");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(final String name) {
        try {
            return Files.readAllBytes(MnistTestData.directory().resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same file with one pixel or label changed inside the gzip stream, so it still decompresses. */
    private static byte[] corrupt(final byte[] gzipped) {
        try {
            final byte[] raw =
                    new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped)).readAllBytes();
            raw[raw.length - 1] ^= 1;
            return IdxReaderTest.gzip(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Path> leftoverTemporaryFiles() {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".part"))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
