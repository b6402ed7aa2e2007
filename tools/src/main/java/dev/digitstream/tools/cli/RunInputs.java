package dev.digitstream.tools.cli;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.mnist.MnistException;
import dev.digitstream.mnist.MnistSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What local and bench run from: the trainer's and streamer's jars, the MNIST directory (empty: the
 * cache), whether the streamer starts with its class data cache, and more JVM options for it.
 */
public record RunInputs(
        Path trainerJar,
        Path streamerJar,
        Optional<Path> mnistDir,
        boolean classDataCache,
        List<String> streamerJavaOptions) {

    public MnistDataset testImages() {
        try {
            return mnistSource().test();
        } catch (MnistException e) {
            throw new ToolException(e.getMessage(), e);
        }
    }

    /** The directory that holds the MNIST files: the one given, else the cache, filled first when needed. */
    public Path mnistDirectory() {
        try {
            return mnistSource().directory();
        } catch (MnistException e) {
            throw new ToolException(e.getMessage(), e);
        }
    }

    private MnistSource mnistSource() {
        return MnistSource.resolve(mnistDir, MnistSource.defaultCacheDir(), MnistSource.DEFAULT_MIRRORS);
    }
}
