package dev.digitstream.trainer;

import dev.digitstream.model.ModelSigner;
import dev.digitstream.schemas.Topics;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where and under which name models are published, shared by {@code train} and {@code publish}. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = Topics.MODELS,
            description = "Compacted topic of model versions; created when missing (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--model-name", defaultValue = "mnist-lstm",
            description = "Model name: the record key; versions count up per name (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--signing-key", defaultValue = "${env:DIGITS_MODEL_SIGNING_KEY}", paramLabel = "SECRET",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "HMAC-SHA256 key to sign the model with (default: the environment variable "
                    + "DIGITS_MODEL_SIGNING_KEY; unsigned when neither is set).")
    String signingKey;

    @Option(names = "--kafka-timeout", defaultValue = "15", paramLabel = "SECONDS",
            description = "How long to wait for Kafka before giving up (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    Optional<ModelSigner> signer() {
        return Optional.ofNullable(signingKey).filter(key -> !key.isEmpty()).map(ModelSigner::new);
    }

    ModelPublisher publisher() {
        if (timeoutSeconds < 1) {
            throw new TrainerException("--kafka-timeout must be >= 1 second, got " + timeoutSeconds);
        }
        return new ModelPublisher(bootstrapServers, topic, Duration.ofSeconds(timeoutSeconds));
    }

    /** The line printed on stdout once a version is acknowledged. */
    String publishedLine(final long version) {
        return "published " + modelName + " version " + version + " to " + topic;
    }

}
