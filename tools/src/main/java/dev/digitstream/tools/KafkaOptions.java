package dev.digitstream.tools;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the broker is and how long to wait for it; shared by the commands that talk to Kafka. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--connect-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long to wait for the broker before giving up (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    Duration connectTimeout() {
        return Duration.ofSeconds(Math.max(1, connectTimeoutSeconds));
    }
}
