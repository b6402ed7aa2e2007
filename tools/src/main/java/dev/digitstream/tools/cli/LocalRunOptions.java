package dev.digitstream.tools.cli;

import dev.digitstream.mnist.MnistSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the MNIST files and the trainer's and streamer's jars are, and how the streamer's JVM starts;
 * shared by the commands that start them.
 */
public final class LocalRunOptions {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Directory with the MNIST files (default: $DIGITS_MNIST_DIR, else downloaded to ~/.cache/digitstream/mnist).")
    Path dataDir;

    @Option(
            names = "--trainer-jar",
            paramLabel = "JAR",
            description = "Default: trainer/target/digitstream-trainer.jar in this repository.")
    Path trainerJar;

    @Option(
            names = "--streamer-jar",
            paramLabel = "JAR",
            description = "Default: streamer/target/digitstream-streamer.jar in this repository.")
    Path streamerJar;

    @Option(
            names = "--console-jar",
            paramLabel = "JAR",
            description = "Default: console/target/digitstream-console.jar in this repository.")
    Path consoleJar;

    @Option(
            names = "--benchmarks-jar",
            paramLabel = "JAR",
            description = "Default: benchmarks/target/benchmarks.jar in this repository.")
    Path benchmarksJar;

    @Option(
            names = "--class-data-cache",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Start the streamer with the JVM's class data cache (an AOT cache on Java 25 and later, an "
                    + "AppCDS archive before), recorded at its first exit beside its jar: it serves sooner after "
                    + "each start (default: on; --no-class-data-cache: off).")
    boolean classDataCache = true;

    @Option(
            names = "--streamer-java-option",
            paramLabel = "OPTION",
            description = "A JVM option for the streamer, in the = form: --streamer-java-option=-XX:+UseParallelGC "
                    + "(repeatable).")
    List<String> streamerJavaOptions = new ArrayList<>();

    /** The web console's jar, checked to exist; only the commands that start the console ask for it. */
    public Path consoleJar() {
        return jar(consoleJar, "console", "digitstream-console.jar");
    }

    /** The benchmarks' jar (JMH), checked to exist; only the bench's classifier-alone baseline asks for it. */
    public Path benchmarksJar() {
        return jar(benchmarksJar, "benchmarks", "benchmarks.jar");
    }

    /**
     * The jars, checked to exist, the MNIST directory ({@code --data-dir}, else $DIGITS_MNIST_DIR when set), and
     * the streamer's JVM settings, its options checked to be options.
     */
    public RunInputs resolve() {
        for (final String option : streamerJavaOptions) {
            if (!option.startsWith("-")) {
                throw new ToolException("--streamer-java-option takes a JVM option, which starts with '-', got '"
                        + option + "' (write --streamer-java-option=-Xmx2g)");
            }
        }
        final Path trainer = jar(trainerJar, "trainer", "digitstream-trainer.jar");
        final Path streamer = jar(streamerJar, "streamer", "digitstream-streamer.jar");
        final Optional<Path> mnistDir = Optional.ofNullable(dataDir)
                .or(() -> Optional.ofNullable(System.getenv(MnistSource.DATA_DIR_ENV))
                        .filter(value -> !value.isBlank())
                        .map(Path::of));
        return new RunInputs(trainer, streamer, mnistDir, classDataCache, List.copyOf(streamerJavaOptions));
    }

    /** The jar given, else the module's build output in this repository; a clear error when it is not built. */
    private static Path jar(final Path given, final String module, final String file) {
        final Path jar = given != null
                ? given
                : RepositoryLayout.root().resolve(module).resolve("target").resolve(file);
        if (!Files.isRegularFile(jar)) {
            throw new ToolException("No " + module + " jar at " + jar
                    + ": build it first (./mvnw -B -DskipTests package)" + " or name it with --" + module + "-jar");
        }
        return jar;
    }
}
