package dev.digitstream.trainer;

import dev.digitstream.cli.PublicationSignal;
import dev.digitstream.model.ModelArtifact;
import dev.digitstream.model.ModelArtifactException;
import dev.digitstream.schemas.ModelsTopic;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code publish}: publishes an existing training output as the next version, without training. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Publishes the model.zip and metrics.json of an earlier training run as the next version; "
                + "with --rollback the record is marked as a deliberate rollback to an older model.")
final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"--model-dir", "--output"},
            defaultValue = "trained-model",
            paramLabel = "DIR",
            description = "Directory holding model.zip and metrics.json (default: ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(
            names = "--rollback",
            description = "Publish an older model as the next version that serves at once, recorded as a rollback.")
    boolean rollback;

    @Option(
            names = PublicationSignal.OPTION,
            description = "Check the model, read the models topic and connect to it first, print '"
                    + PublicationSignal.WAITING
                    + "', and publish when a line arrives on standard input (for a publication that must land at "
                    + "a given moment); input that ends without a line publishes nothing.")
    boolean waitForLine;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        final ModelDirectory directory = new ModelDirectory(modelDir);
        final byte[] payload = directory.readModel();
        final TrainingMetrics metrics = directory.readMetrics();
        final ModelArtifact artifact = ModelArtifact.of(payload, kafka.signer());
        try {
            // Never publish what a consumer could not load.
            artifact.restore(Optional.empty());
        } catch (ModelArtifactException e) {
            throw new TrainerException(
                    ModelDirectory.MODEL_FILE + " in " + modelDir + " cannot be published: " + e.getMessage(), e);
        }
        final ModelPublisher publisher = kafka.publisher();
        final long version;
        if (waitForLine) {
            // Everything but the publication's own read and send happens before the line: the topic
            // checked, the producer connected, the read's code loaded and run once.
            try (ModelsTopic.Writer writer = publisher.prepare()) {
                publisher.latestVersion(kafka.modelName);
                spec.commandLine().getOut().println(PublicationSignal.WAITING);
                spec.commandLine().getOut().flush();
                awaitLine();
                version = publisher.publish(kafka.modelName, artifact, metrics, kafka.publication(rollback), writer);
            }
        } else {
            version = publisher.publish(kafka.modelName, artifact, metrics, kafka.publication(rollback));
        }
        spec.commandLine().getOut().println(kafka.publishedLine(version));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static void awaitLine() {
        try {
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (in.readLine() == null) {
                throw new TrainerException(
                        "Standard input ended before the line that starts the publication: nothing published");
            }
        } catch (IOException e) {
            throw new TrainerException("Cannot read standard input: " + e.getMessage(), e);
        }
    }
}
