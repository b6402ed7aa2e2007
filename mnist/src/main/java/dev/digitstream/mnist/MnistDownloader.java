package dev.digitstream.mnist;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads MNIST files into a cache directory, trying each mirror in turn. A file is cached only
 * after the SHA-256 of its decompressed content matches: it is written to a temporary file in the
 * cache directory, verified, then moved into place atomically, so a cached file is always a good one.
 */
final class MnistDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(MnistDownloader.class);

    private final List<URI> mirrors;
    private final HttpClient http;
    private final Duration timeout;

    MnistDownloader(final List<URI> mirrors, final Duration timeout) {
        if (mirrors.isEmpty()) {
            throw new IllegalArgumentException("at least one MNIST mirror is needed");
        }
        this.mirrors = List.copyOf(mirrors);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Downloads the file into the cache directory unless it is there already, gzipped or raw (a local
     * copy mounted or put there by hand); answers its path.
     */
    Path ensureCached(final MnistFile file, final Path cacheDir) {
        final Path target = cacheDir.resolve(file.gzipName());
        if (Files.isRegularFile(target)) {
            return target;
        }
        final Path raw = cacheDir.resolve(file.baseName());
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new MnistException("Cannot create the MNIST cache directory " + cacheDir + ": " + e.getMessage(), e);
        }
        final List<String> failures = new ArrayList<>();
        for (final URI mirror : mirrors) {
            final URI source = resolve(mirror, file.gzipName());
            try {
                download(source, file, target);
                return target;
            } catch (MnistException | IOException e) {
                final String reason =
                        e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                LOG.warn("Cannot use {}: {}", source, reason);
                failures.add(source + ": " + reason);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MnistException("Interrupted while downloading " + source, e);
            }
        }
        throw new MnistException("Cannot download MNIST file " + file.gzipName() + " from any mirror ("
                + String.join("; ", failures) + ")");
    }

    private void download(final URI source, final MnistFile file, final Path target)
            throws IOException, InterruptedException {
        LOG.info("Downloading {}", source);
        final Path temporary = Files.createTempFile(target.getParent(), file.baseName(), ".part");
        try {
            final HttpResponse<Path> response = http.send(
                    HttpRequest.newBuilder(source).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(temporary));
            if (response.statusCode() != 200) {
                throw new MnistException("HTTP status " + response.statusCode());
            }
            final String actual = decompressedSha256(temporary);
            if (!actual.equals(file.sha256())) {
                throw new MnistException(
                        "SHA-256 of the decompressed content is " + actual + ", expected " + file.sha256());
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Cached {} ({} bytes, SHA-256 verified)", target, Files.size(target));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String decompressedSha256(final Path file) throws IOException {
        final MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(decompressing(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The file's content, decompressed when it is gzipped (a mirror may serve raw IDX files too). */
    private static InputStream decompressing(final Path file) throws IOException {
        final InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        final int first = in.read();
        final int second = in.read();
        in.reset();
        return first == 0x1F && second == 0x8B ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static URI resolve(final URI mirror, final String name) {
        final String base = mirror.toString();
        return URI.create(base.endsWith("/") ? base + name : base + "/" + name);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
