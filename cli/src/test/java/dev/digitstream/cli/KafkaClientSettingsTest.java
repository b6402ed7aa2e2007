package dev.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaClientSettingsTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p4ss\";";

    @TempDir
    Path temp;

    @Test
    void shouldLayerTheFileThePropertiesAndTheBootstrapServersWhenAllAreGiven() throws Exception {
        final Path file = temp.resolve("client.properties");
        Files.writeString(file, """
                bootstrap.servers=from-file:9092
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-256
                sasl.jaas.config=%s
                """.formatted(JAAS.replace("\"", "\\\"")));

        final Map<String, Object> config = KafkaClientSettings.of(
                        "broker:9093", Optional.of(file), Map.of("sasl.mechanism", "SCRAM-SHA-512"))
                .clientConfig();

        assertThat(config)
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS);
    }

    @Test
    void shouldNameTheFileWhenItDoesNotExist() {
        final Path missing = temp.resolve("nope.properties");

        assertThatThrownBy(() -> KafkaClientSettings.of("b:1", Optional.of(missing), Map.of()))
                .isInstanceOf(KafkaConfigException.class)
                .hasMessage("--kafka-config " + missing + ": no such file");
    }

    @Test
    void shouldWriteAnOwnerOnlyFileWithThePrefixWhenHandingSettingsToAChild() throws Exception {
        final KafkaClientSettings settings =
                KafkaClientSettings.of("b:1", Optional.empty(), Map.of("sasl.jaas.config", JAAS));

        final Path file = settings.writeTo(temp.resolve("child/streamer.properties"), "spring.kafka.properties.");

        final Properties written = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            written.load(in);
        }
        assertThat(written)
                .containsEntry("spring.kafka.properties.sasl.jaas.config", JAAS)
                .containsEntry("spring.kafka.properties.bootstrap.servers", "b:1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void shouldNameTheKeysButNoValueWhenPrinted() {
        final KafkaClientSettings settings =
                KafkaClientSettings.of("b:1", Optional.empty(), Map.of("sasl.jaas.config", JAAS));

        assertThat(settings.toString())
                .contains("sasl.jaas.config")
                .doesNotContain("p4ss")
                .doesNotContain("b:1");
    }

    @Test
    void shouldReadRepeatedKafkaPropertiesAndTheConfigFileWhenGivenOnTheCommandLine() throws Exception {
        final Path file = temp.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.truststore.location=/tmp/trust.p12\n");
        final Probe probe = new Probe();

        final int exit = new CommandLine(probe)
                .execute(
                        "--bootstrap-servers",
                        "broker:9093",
                        "--kafka-config",
                        file.toString(),
                        "--kafka-property",
                        "ssl.truststore.type=PKCS12",
                        "--kafka-property",
                        "security.protocol=SASL_SSL");

        assertThat(exit).isZero();
        assertThat(probe.config)
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/tmp/trust.p12")
                .containsEntry("ssl.truststore.type", "PKCS12");
    }

    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Mixin
        private KafkaConnection kafka = new KafkaConnection(10);

        private Map<String, Object> config;

        @Override
        public Integer call() {
            config = kafka.settings().clientConfig();
            return 0;
        }
    }
}
