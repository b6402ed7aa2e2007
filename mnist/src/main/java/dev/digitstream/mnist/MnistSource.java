package dev.digitstream.mnist;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where the four MNIST files come from: a local directory (files gzipped or raw, used as they are),
 * or a cache directory that is filled from public mirrors on first use, each file verified by the
 * SHA-256 of its decompressed content before it is cached.
 */
public final class MnistSource {

    /** Environment variable naming a directory that holds the four MNIST files. */
    public static final String DATA_DIR_ENV = "DIGITS_MNIST_DIR";

    /** Public MNIST mirrors that serve the original gzipped files, comma-separated (a CLI default). */
    public static final String DEFAULT_MIRROR_LIST =
            "https://ossci-datasets.s3.amazonaws.com/mnist/,https://storage.googleapis.com/cvdf-datasets/mnist/";

    /** {@link #DEFAULT_MIRROR_LIST} as URIs. */
    public static final List<URI> DEFAULT_MIRRORS =
            Arrays.stream(DEFAULT_MIRROR_LIST.split(",")).map(URI::create).toList();

    public static final Duration DEFAULT_DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;

    private MnistSource(final Path directory) {
        this.directory = directory;
    }

    /** The MNIST files in this directory, as {@code <name>.gz} or {@code <name>}. */
    public static MnistSource directory(final Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new MnistException("MNIST data directory " + directory + " does not exist");
        }
        return new MnistSource(directory);
    }

    /** The MNIST files in the cache directory, downloading the missing ones from the mirrors first. */
    public static MnistSource cached(final Path cacheDir, final List<URI> mirrors, final Duration timeout) {
        final MnistDownloader downloader = new MnistDownloader(mirrors, timeout);
        for (final MnistFile file : MnistFile.values()) {
            downloader.ensureCached(file, cacheDir);
        }
        return new MnistSource(cacheDir);
    }

    /**
     * The data directory when one is given, else the one in {@value #DATA_DIR_ENV} when set, else the
     * cache directory filled from the mirrors.
     */
    public static MnistSource resolve(final Optional<Path> dataDir, final Path cacheDir, final List<URI> mirrors) {
        final Optional<Path> directory = dataDir.or(() -> Optional.ofNullable(System.getenv(DATA_DIR_ENV))
                .filter(value -> !value.isBlank())
                .map(Path::of));
        return directory
                .map(MnistSource::directory)
                .orElseGet(() -> cached(cacheDir, mirrors, DEFAULT_DOWNLOAD_TIMEOUT));
    }

    /** The default cache directory, {@code ~/.cache/digitstream/mnist}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "digitstream", "mnist");
    }

    public Path directory() {
        return directory;
    }

    /** The 60,000 training images. */
    public MnistDataset train() {
        return read(MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS);
    }

    /** The 10,000 test images. */
    public MnistDataset test() {
        return read(MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS);
    }

    private MnistDataset read(final MnistFile imagesFile, final MnistFile labelsFile) {
        final Path imagesPath = locate(imagesFile);
        final Path labelsPath = locate(labelsFile);
        final List<byte[]> images = IdxReader.readImages(imagesPath);
        final byte[] labels = IdxReader.readLabels(labelsPath);
        if (images.size() != labels.length) {
            throw new MnistException("MNIST file " + imagesPath + " has " + images.size() + " images but " + labelsPath
                    + " has " + labels.length + " labels");
        }
        return new MnistDataset(images, labels);
    }

    private Path locate(final MnistFile file) {
        final Path gzipped = directory.resolve(file.gzipName());
        if (Files.isRegularFile(gzipped)) {
            return gzipped;
        }
        final Path raw = directory.resolve(file.baseName());
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new MnistException(
                "MNIST file " + file.gzipName() + " (or " + file.baseName() + ") is missing from " + directory);
    }
}
