package dev.digitstream.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How to authenticate to Kafka: a client properties file and single properties, the picocli mixin of
 * {@link KafkaConnection} and of commands that take their bootstrap servers another way.
 */
public final class KafkaSecurityOptions {

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            defaultValue = "${env:DIGITS_KAFKA_CONFIG}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Kafka client properties file (as Kafka's --command-config): security.protocol, "
                    + "sasl.mechanism, sasl.jaas.config, ssl.truststore.location, ... (default: the environment "
                    + "variable DIGITS_KAFKA_CONFIG; none when unset).")
    private Path configFile;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description = "One Kafka client property, on top of --kafka-config; repeatable.")
    private Map<String, String> properties = new LinkedHashMap<>();

    /** The client settings for these servers; a {@link KafkaConfigException} when the file cannot be read. */
    public KafkaClientSettings settings(final String bootstrapServers) {
        return KafkaClientSettings.of(bootstrapServers, Optional.ofNullable(configFile), properties);
    }
}
