package dev.digitstream.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Kafka client properties of one command: the bootstrap servers plus everything a secured cluster
 * asks for ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}), read from a client properties file
 * (Kafka's {@code --command-config} convention) and single properties on top. The values may hold
 * secrets: {@link #toString()} names the keys only, and children get them through a file, never on a
 * command line.
 */
public final class KafkaClientSettings {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    private final Map<String, String> properties;

    private KafkaClientSettings(final Map<String, String> properties) {
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Plain settings: the bootstrap servers only, as for an unsecured local broker. */
    public static KafkaClientSettings plaintext(final String bootstrapServers) {
        return new KafkaClientSettings(Map.of(BOOTSTRAP_SERVERS, bootstrapServers));
    }

    /**
     * The file's properties, then {@code overrides}, then the bootstrap servers (the command's option wins,
     * as in Kafka's own tools).
     *
     * @throws KafkaConfigException when the file cannot be read
     */
    public static KafkaClientSettings of(
            final String bootstrapServers, final Optional<Path> configFile, final Map<String, String> overrides) {
        final Map<String, String> merged = new LinkedHashMap<>();
        configFile.ifPresent(file -> merged.putAll(read(file)));
        merged.putAll(overrides);
        merged.put(BOOTSTRAP_SERVERS, bootstrapServers);
        return new KafkaClientSettings(merged);
    }

    private static Map<String, String> read(final Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KafkaConfigException("--kafka-config " + file + ": no such file");
        }
        final Properties loaded = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new KafkaConfigException("--kafka-config " + file + ": cannot read it: " + e.getMessage());
        }
        final Map<String, String> values = new TreeMap<>();
        loaded.stringPropertyNames()
                .forEach(key -> values.put(key, loaded.getProperty(key).strip()));
        return values;
    }

    public String bootstrapServers() {
        return properties.get(BOOTSTRAP_SERVERS);
    }

    /** A fresh, mutable copy for a client's configuration, to which the caller adds its own settings. */
    public Map<String, Object> clientConfig() {
        return new LinkedHashMap<>(properties);
    }

    /** The same settings with other bootstrap servers. */
    public KafkaClientSettings withBootstrapServers(final String bootstrapServers) {
        final Map<String, String> copy = new LinkedHashMap<>(properties);
        copy.put(BOOTSTRAP_SERVERS, bootstrapServers);
        return new KafkaClientSettings(copy);
    }

    /**
     * Writes the properties, each key behind {@code keyPrefix} (empty for a Kafka client properties file,
     * {@code spring.kafka.properties.} for a Spring Boot application), to a file only its owner can read.
     */
    public Path writeTo(final Path file, final String keyPrefix) {
        final Properties out = new Properties();
        properties.forEach((key, value) -> out.setProperty(keyPrefix + key, value));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            createOwnerOnly(file);
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.store(writer, "Kafka client settings handed to a child process; may hold secrets");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static void createOwnerOnly(final Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the file inherits the directory's access rules.
            Files.createFile(file);
        }
    }

    /** The keys, never the values: settings may hold passwords. */
    @Override
    public String toString() {
        return "KafkaClientSettings" + properties.keySet();
    }
}
