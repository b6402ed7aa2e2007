package dev.digitstream.cli;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the Kafka broker is, how to authenticate to it and how long to wait for it: the picocli mixin of every command that talks
 * to Kafka, in the trainer and in the {@code digits} tools. Each CLI gives its own default wait.
 */
public final class KafkaConnection {

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "localhost:9092",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    private String bootstrapServers;

    // The trainer called this wait --kafka-timeout and the digits tools --connect-timeout: both names stay.
    @Option(
            names = {"--kafka-timeout", "--connect-timeout"},
            paramLabel = "SECONDS",
            description = "How long to wait for Kafka before giving up (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Mixin
    private KafkaSecurityOptions security = new KafkaSecurityOptions();

    /** @param defaultTimeoutSeconds the wait when the option is not given; picocli shows it as the default */
    public KafkaConnection(final int defaultTimeoutSeconds) {
        this.timeoutSeconds = defaultTimeoutSeconds;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Every client property: the bootstrap servers, then the security settings; read once per call. */
    public KafkaClientSettings settings() {
        return security.settings(bootstrapServers);
    }

    /** The wait as given, for commands that reject values under one second. */
    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    /** The wait, at least one second. */
    public Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }
}
