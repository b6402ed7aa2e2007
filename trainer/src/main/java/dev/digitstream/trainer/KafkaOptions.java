package dev.digitstream.trainer;

import dev.digitstream.cli.KafkaConnection;
import dev.digitstream.model.ModelSigner;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.Topics;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where and under which name models are published, shared by {@code train} and {@code publish}. */
final class KafkaOptions {

    /** The trainer waits longer than the tools' 10 s: publishing reads the whole models topic first. */
    private static final int TIMEOUT_SECONDS = 15;

    @Mixin
    private KafkaConnection connection = new KafkaConnection(TIMEOUT_SECONDS);

    @Option(
            names = "--topic",
            defaultValue = Topics.MODELS,
            description = "Compacted topic of model versions; created when missing (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--model-name",
            defaultValue = ModelKeys.DEFAULT_MODEL_NAME,
            description = "Model name: the record key; versions count up per name (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(
            names = "--signing-key",
            defaultValue = "${env:DIGITS_MODEL_SIGNING_KEY}",
            paramLabel = "SECRET",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "HMAC-SHA256 key to sign the model with (default: the environment variable "
                    + "DIGITS_MODEL_SIGNING_KEY; unsigned when neither is set).")
    String signingKey;

    @Option(
            names = "--stage",
            defaultValue = "candidate",
            paramLabel = "STAGE",
            description = "candidate: the streamers compare the new version with the serving one on live traffic "
                    + "and promote or reject it; serving: it serves at once (default: ${DEFAULT-VALUE}).")
    String stage;

    @Option(
            names = "--keep-versions",
            defaultValue = "5",
            paramLabel = "N",
            description = "Artifacts of the model name to keep on the topic; older ones are deleted, never the "
                    + "serving version or the candidate (default: ${DEFAULT-VALUE}).")
    int keepVersions;

    /** How to publish: the stage asked for, or serving at once for a rollback. */
    ModelPublisher.Publication publication(final boolean rollback) {
        final ModelPublisher.Stage parsed;
        try {
            parsed = ModelPublisher.Stage.valueOf(stage.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TrainerException("--stage must be candidate or serving, got " + stage, e);
        }
        return new ModelPublisher.Publication(parsed, rollback, keepVersions);
    }

    Optional<ModelSigner> signer() {
        return Optional.ofNullable(signingKey).filter(key -> !key.isEmpty()).map(ModelSigner::new);
    }

    ModelPublisher publisher() {
        if (connection.timeoutSeconds() < 1) {
            throw new TrainerException("--kafka-timeout must be >= 1 second, got " + connection.timeoutSeconds());
        }
        return new ModelPublisher(connection.settings(), topic, Duration.ofSeconds(connection.timeoutSeconds()));
    }

    /** The line printed on stdout once a version is acknowledged. */
    String publishedLine(final long version) {
        return "published " + modelName + " version " + version + " to " + topic;
    }
}
