package dev.digitstream.tools.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitstream.cli.CliRun;
import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.mnist.MnistTestData;
import dev.digitstream.testing.secured.SecuredKafkaBroker;
import dev.digitstream.testing.secured.TestCertificates;
import dev.digitstream.tools.DigitsCli;
import dev.digitstream.tools.cli.LocalRunOptions;
import dev.digitstream.tools.cli.RunInputs;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.process.ChildProcesses;
import dev.digitstream.tools.process.StreamerProcess;
import dev.digitstream.tools.process.Trainings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance on a secured broker ({@link SecuredKafkaBroker}: SASL_SSL with SCRAM-SHA-512, mTLS,
 * {@code StandardAuthorizer}, no ACL means no access) carrying exactly the ACLs that {@code digits acls}
 * applies. Every component runs with its own principal only: the trainer and two exactly-once streamers
 * (one by SCRAM through {@code spring.kafka.properties.*}, one by client certificate through a Spring SSL
 * bundle) as the real jars, produce and watch as the CLI.
 */
class SecuredKafkaIntegrationTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** env and configprops walk every property source and bean: seconds on a loaded machine. */
    private static final Duration SLOW_ENDPOINT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SCRAM_USERS = List.of("trainer", "streamer", "producer", "watcher");
    private static final int IMAGES = 120;

    @TempDir
    static Path work;

    private static SecuredKafkaBroker broker;
    private static ChildProcesses children;
    private static RunInputs inputs;
    private static Path modelDir;

    @BeforeAll
    static void startTheSecuredClusterAndPublishAModel() {
        // Step 1: the broker, and the topics and ACLs made by the ACL command as the admin.
        broker = SecuredKafkaBroker.start(work.resolve("broker"), SCRAM_USERS, List.of("streamer", "trainer"));
        children = new ChildProcesses(work.resolve("logs"));
        inputs = new LocalRunOptions().resolve();
        final CliRun acls = digits(
                "acls",
                "--apply",
                "--create-topics",
                "--exactly-once",
                "--partitions",
                "2",
                "--bootstrap-servers",
                broker.saslBootstrapServers(),
                "--kafka-config",
                scramConfig(SecuredKafkaBroker.ADMIN).toString());
        assertThat(acls.exitCode()).as(acls.err()).isZero();
        assertThat(acls.outLines())
                .containsExactly(
                        "Created topics digits.in, digits.predicted, digits.dead-letter, digits.models, digits.rollout"
                                + " on Kafka at " + broker.saslBootstrapServers(),
                        "Created 22 ACLs on Kafka at " + broker.saslBootstrapServers());

        // Step 2: a small model trained and published under the trainer's principal (SCRAM).
        modelDir = work.resolve("model");
        trainings(scramSettings("trainer")).train("model", true, 42, 1);
    }

    @AfterAll
    static void stopAll() {
        if (children != null) {
            children.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldPredictEveryImageWhenEachComponentHoldsOnlyItsOwnPrincipal() throws Exception {
        // Step 1: two exactly-once streamers, by password and by certificate, that may not create topics.
        final StreamerProcess byPassword = streamer("a", scramSettings("streamer"), List.of());
        final StreamerProcess byCertificate = streamer(
                "b",
                KafkaClientSettings.plaintext(broker.mtlsBootstrapServers()),
                List.of(certificateBundle("streamer")));
        byPassword.awaitReady(PATIENCE);
        byCertificate.awaitReady(PATIENCE);

        // Step 2: images under the producer's principal, predictions read under the watcher's.
        final CliRun produce = digits(
                "produce",
                "--bootstrap-servers",
                broker.saslBootstrapServers(),
                "--kafka-config",
                scramConfig("producer").toString(),
                "--data-dir",
                MnistTestData.directory().toString(),
                "--count",
                Integer.toString(IMAGES),
                "--rate",
                "400",
                "--id-prefix",
                "secured-");
        assertThat(produce.exitCode()).as(produce.err()).isZero();
        final CliRun watch = digits(
                "watch",
                "--bootstrap-servers",
                broker.saslBootstrapServers(),
                "--kafka-config",
                scramConfig("watcher").toString(),
                "--from-beginning",
                "--json",
                "--max-records",
                Integer.toString(IMAGES),
                "--duration",
                "180");

        // Step 3: every id predicted.
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        final Set<String> predicted = new HashSet<>();
        for (final String line : watch.outLines()) {
            final JsonNode record = JSON.readTree(line);
            if (record.get("type").asText().equals("prediction")) {
                predicted.add(record.get("id").asText());
            }
        }
        final Set<String> expected = new HashSet<>();
        for (int i = 0; i < IMAGES; i++) {
            expected.add("secured-" + i);
        }
        assertThat(predicted).isEqualTo(expected);

        // Step 4: the streamer's password is on none of its endpoints, though env and configprops show values.
        final String password = broker.password("streamer");
        final String env = byPassword.fetch("/actuator/env", SLOW_ENDPOINT).body();
        assertThat(env).contains("spring.kafka.properties.sasl.jaas.config").doesNotContain(password);
        final String configProps =
                byPassword.fetch("/actuator/configprops", SLOW_ENDPOINT).body();
        assertThat(configProps).contains("sasl.jaas.config").doesNotContain(password);
        final HttpResponse<String> model = byPassword.fetch("/model");
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(model.body()).doesNotContain(password);
        assertThat(byCertificate.fetch("/actuator/env", SLOW_ENDPOINT).body())
                .doesNotContain(TestCertificates.STORE_PASSWORD);
        assertThat(Stream.of(produce.out(), produce.err(), watch.err()))
                .noneMatch(output ->
                        output.contains(broker.password("producer")) || output.contains(broker.password("watcher")));
        children.stopAll();
        assertThat(logsOf("streamer-a")).isNotEmpty().doesNotContain(password);
        assertThat(logsOf("model")).isNotEmpty().doesNotContain(broker.password("trainer"));
    }

    @Test
    void shouldRefuseTheStreamersPrincipalWhenItPublishesAModel() {
        assertThatThrownBy(() -> trainings(scramSettings("streamer")).publish(modelDir, List.of()))
                .isInstanceOf(ToolException.class)
                // Refused at the publishers' transactional id, before any write.
                .hasMessageContaining("TransactionalIdAuthorizationException")
                .hasMessageContaining("digits.models");
    }

    @Test
    void shouldPublishUnderTheTrainersCertificateWhenItUsesMtls() {
        final Trainings byCertificate = trainings(certificateSettings("trainer"));

        byCertificate.publish(modelDir, List.of("--stage", "candidate"));

        final CliRun models = digits(
                "models",
                "--bootstrap-servers",
                broker.mtlsBootstrapServers(),
                "--kafka-config",
                writeConfig("trainer-mtls", broker.certificateClient("trainer")).toString());
        assertThat(models.exitCode()).as(models.err()).isZero();
        assertThat(models.out()).contains("candidate");
    }

    @Test
    void shouldRefuseTheProducersPrincipalWhenItReadsPredictions() {
        final CliRun watch = digits(
                "watch",
                "--bootstrap-servers",
                broker.saslBootstrapServers(),
                "--kafka-config",
                scramConfig("producer").toString(),
                "--duration",
                "5");

        assertThat(watch.exitCode()).isEqualTo(1);
        assertThat(watch.errLines())
                .singleElement()
                .asString()
                .contains("does not allow this client's principal to use [digits.predicted, digits.dead-letter]");
    }

    @Test
    void shouldRefuseAClientWhenItHasNoCredentials() {
        final CliRun produce = produceOne(writeConfig("no-credentials", broker.clientWithoutCredentials()));

        assertThat(produce.exitCode()).isEqualTo(1);
        assertThat(produce.errLines())
                .singleElement()
                .asString()
                .startsWith("digits: ")
                .contains(broker.saslBootstrapServers());
    }

    @Test
    void shouldSayInOneLineWhenThePasswordIsWrong() {
        final String wrong = "wrong-" + broker.password("producer");
        final CliRun produce = produceOne(writeConfig("wrong-password", broker.scramClient("producer", wrong)));

        assertThat(produce.exitCode()).isEqualTo(1);
        assertThat(produce.errLines())
                .singleElement()
                .asString()
                .contains("refused this client's credentials")
                .contains("SaslAuthenticationException: Authentication failed")
                .doesNotContain(wrong);
        final KafkaClientSettings trainer = settings(
                broker.saslBootstrapServers(),
                writeConfig("trainer-wrong", broker.scramClient("trainer", "wrong-" + broker.password("trainer"))));
        assertThatThrownBy(() -> trainings(trainer).publish(modelDir, List.of()))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("Authentication failed")
                .hasMessageNotContaining("wrong-");
    }

    @Test
    void shouldSayInOneLineWhenTheCertificateIsUntrusted() {
        final CliRun produce = digits(
                "produce",
                "--bootstrap-servers",
                broker.mtlsBootstrapServers(),
                "--kafka-config",
                writeConfig("untrusted", broker.certificateClient(SecuredKafkaBroker.UNTRUSTED))
                        .toString(),
                "--data-dir",
                MnistTestData.directory().toString(),
                "--count",
                "1",
                "--connect-timeout",
                "15");

        assertThat(produce.exitCode()).isEqualTo(1);
        assertThat(produce.errLines())
                .singleElement()
                .asString()
                .contains("refused this client's credentials")
                .contains("SslAuthenticationException");
    }

    @Test
    void shouldStopWithTheReasonInOneLineWhenTheStreamersPasswordIsWrong() throws Exception {
        final String wrongPassword = "wrong-" + broker.password("streamer");
        final KafkaClientSettings wrong = settings(
                broker.saslBootstrapServers(),
                writeConfig("streamer-wrong", broker.scramClient("streamer", wrongPassword)));
        final StreamerProcess streamer = streamer("wrong-password", wrong, List.of());

        assertThat(streamer.child().process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();

        assertThat(streamer.child().process().exitValue()).isNotZero();
        final String log = Files.readString(streamer.child().log());
        assertThat(log)
                .contains("The streamer cannot start: Kafka refused its credentials: SaslAuthenticationException: "
                        + "Authentication failed")
                .doesNotContain(wrongPassword);
    }

    @Test
    void shouldStopWithTheReasonInOneLineWhenTheJudgeMayNotWriteTheModelsTopic() throws Exception {
        final KafkaClientSettings streamerSettings = settings(
                broker.saslBootstrapServers(),
                writeConfig("streamer-judge", broker.scramClient("streamer", broker.password("streamer"))));
        final StreamerProcess streamer = streamer("judge", streamerSettings, List.of(), true);

        assertThat(streamer.child().process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();

        assertThat(streamer.child().process().exitValue()).isNotZero();
        assertThat(Files.readString(streamer.child().log()))
                .contains("The streamer cannot start: digitstream.rollout.judge=true writes rollout decisions to "
                        + "digits.models, which the streamer's principal may not write");
    }

    private static CliRun produceOne(final Path config) {
        return digits(
                "produce",
                "--bootstrap-servers",
                broker.saslBootstrapServers(),
                "--kafka-config",
                config.toString(),
                "--data-dir",
                MnistTestData.directory().toString(),
                "--count",
                "1",
                "--connect-timeout",
                "5");
    }

    private static StreamerProcess streamer(
            final String name, final KafkaClientSettings kafka, final List<String> extraArguments) {
        return streamer(name, kafka, extraArguments, false);
    }

    private static StreamerProcess streamer(
            final String name,
            final KafkaClientSettings kafka,
            final List<String> extraArguments,
            final boolean judge) {
        final List<String> arguments = new ArrayList<>(List.of(
                "--digitstream.topics.create=false",
                "--digitstream.rollout.judge=" + judge,
                "--digitstream.processing-guarantee=exactly_once_v2",
                "--digitstream.inference-threads=1",
                "--digitstream.warm-up-images=2000",
                "--management.endpoints.web.exposure.include=health,env,configprops",
                "--management.endpoint.env.show-values=always",
                "--management.endpoint.configprops.show-values=always"));
        arguments.addAll(extraArguments);
        return StreamerProcess.start(
                children, "streamer-" + name, inputs.streamerJar(), kafka, work.resolve("streamer-" + name), arguments);
    }

    /** Spring Boot's way to mTLS: an SSL bundle with the client's key store, in a file of its own. */
    private static String certificateBundle(final String name) {
        final Map<String, Object> client = broker.certificateClient(name);
        final Properties bundle = new Properties();
        bundle.setProperty("spring.kafka.security.protocol", "SSL");
        bundle.setProperty("spring.kafka.ssl.bundle", "client");
        bundle.setProperty(
                "spring.ssl.bundle.jks.client.keystore.location", "file:" + client.get("ssl.keystore.location"));
        bundle.setProperty("spring.ssl.bundle.jks.client.keystore.type", "PKCS12");
        bundle.setProperty("spring.ssl.bundle.jks.client.keystore.password", TestCertificates.STORE_PASSWORD);
        bundle.setProperty("spring.ssl.bundle.jks.client.key.password", TestCertificates.STORE_PASSWORD);
        bundle.setProperty(
                "spring.ssl.bundle.jks.client.truststore.location", "file:" + client.get("ssl.truststore.location"));
        bundle.setProperty("spring.ssl.bundle.jks.client.truststore.type", "PKCS12");
        bundle.setProperty("spring.ssl.bundle.jks.client.truststore.password", TestCertificates.STORE_PASSWORD);
        final Path file = work.resolve("bundle-" + name + ".properties");
        store(bundle, file);
        return "--spring.config.additional-location=file:" + file;
    }

    private static Trainings trainings(final KafkaClientSettings kafka) {
        return new Trainings(
                children,
                inputs.trainerJar(),
                kafka,
                work,
                Optional.of(MnistTestData.directory()),
                scale -> List.of(
                        "--epochs",
                        "1",
                        "--train-limit",
                        "500",
                        "--test-limit",
                        "200",
                        "--min-accuracy",
                        "0",
                        "--stage",
                        "serving"));
    }

    private static KafkaClientSettings scramSettings(final String user) {
        return settings(broker.saslBootstrapServers(), scramConfig(user));
    }

    private static KafkaClientSettings certificateSettings(final String name) {
        return settings(
                broker.mtlsBootstrapServers(), writeConfig(name + "-certificate", broker.certificateClient(name)));
    }

    private static KafkaClientSettings settings(final String bootstrapServers, final Path config) {
        return KafkaClientSettings.of(bootstrapServers, Optional.of(config), Map.of());
    }

    private static Path scramConfig(final String user) {
        return writeConfig(user, broker.scramClient(user));
    }

    /** A Kafka client properties file, as a user would write it for --kafka-config. */
    private static Path writeConfig(final String name, final Map<String, Object> client) {
        final Properties properties = new Properties();
        client.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        final Path file = work.resolve("client-" + name + ".properties");
        store(properties, file);
        return file;
    }

    private static void store(final Properties properties, final Path file) {
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String logsOf(final String child) throws IOException {
        final StringBuilder all = new StringBuilder();
        try (Stream<Path> logs = Files.list(work.resolve("logs"))) {
            for (final Path log : logs.filter(p -> p.getFileName().toString().startsWith(child))
                    .toList()) {
                all.append(Files.readString(log));
            }
        }
        return all.toString();
    }

    private static CliRun digits(final String... args) {
        return CliRun.of(DigitsCli.commandLine(), args);
    }
}
