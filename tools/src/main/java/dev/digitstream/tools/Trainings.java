package dev.digitstream.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/** Training runs and publications for local mode, each a child JVM on the trainer's jar. */
final class Trainings {

    private static final Duration LONGEST_TRAINING = Duration.ofHours(2);

    private final ChildProcesses children;
    private final Path trainerJar;
    private final String bootstrapServers;
    private final Path workDir;
    private final Optional<Path> mnistDir;
    private final IntFunction<List<String>> trainingArguments;
    private ChildProcesses.Child publishing;

    Trainings(final ChildProcesses children, final Path trainerJar, final String bootstrapServers, final Path workDir,
              final Optional<Path> mnistDir, final IntFunction<List<String>> trainingArguments) {
        this.children = children;
        this.trainerJar = trainerJar;
        this.bootstrapServers = bootstrapServers;
        this.workDir = workDir;
        this.mnistDir = mnistDir;
        this.trainingArguments = trainingArguments;
    }

    /**
     * Trains into {@code <work>/<name>}, publishing the result when asked; a one-line outcome.
     *
     * @param scale how many times the configured training images to use
     */
    String train(final String name, final boolean publish, final long seed, final int scale) {
        final Path output = workDir.resolve(name);
        final List<String> arguments = new ArrayList<>(List.of("-Xmx2g", "-jar", trainerJar.toString(), "train",
                "--bootstrap-servers", bootstrapServers, "--output", output.toString(), "--seed", Long.toString(seed)));
        mnistDir.ifPresent(dir -> arguments.addAll(List.of("--data-dir", dir.toString())));
        arguments.addAll(trainingArguments.apply(scale));
        if (!publish) {
            arguments.add("--no-publish");
        }
        final ChildProcesses.Child training = children.startJava(name, arguments);
        final int exit = children.awaitExit(training, LONGEST_TRAINING);
        if (exit != 0) {
            throw new ToolException("Training failed (exit code " + exit + "): " + training.logTail(1).strip()
                    + " (log: " + training.log() + ")");
        }
        return LocalCommand.accuracyOf(output);
    }

    /** Publishes a trained model as the next version without waiting: the stream goes on meanwhile. */
    synchronized void publishInBackground(final Path modelDir) {
        publishing = children.startJava("publish-" + modelDir.getFileName(), List.of("-jar", trainerJar.toString(),
                "publish", "--bootstrap-servers", bootstrapServers, "--model-dir", modelDir.toString()));
    }

    /** Waits for the background publication, if one was started; a {@link ToolException} when it failed. */
    synchronized void awaitPublished() {
        if (publishing != null) {
            final int exit = children.awaitExit(publishing, Duration.ofMinutes(2));
            if (exit != 0) {
                throw new ToolException("Publishing failed (exit code " + exit + "): " + publishing.logTail(1).strip()
                        + " (log: " + publishing.log() + ")");
            }
        }
    }
}
