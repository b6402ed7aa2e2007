package dev.digitstream.tools.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.cli.CliRun;
import dev.digitstream.schemas.InputSpec;
import dev.digitstream.schemas.ModelCatalog;
import dev.digitstream.schemas.ModelMetrics;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.ModelsTopic;
import dev.digitstream.schemas.Topics;
import dev.digitstream.schemas.Verdict;
import dev.digitstream.testing.TestKafkaBroker;
import dev.digitstream.tools.DigitsCli;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code digits models} on a real broker: the listing, and promote, reject and rollback by hand. */
class ModelsCommandIntegrationTest {

    private static final String NAME = "mnist-lstm";

    private final String topic = "models-" + UUID.randomUUID();
    private ModelsTopic models;

    @BeforeEach
    void publishThreeVersions() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(Topics.models(topic, (short) 1))).all().get();
        }
        models = new ModelsTopic(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaBroker.bootstrapServers()),
                topic,
                Duration.ofSeconds(15));
        models.append(List.of(
                models.artifact(version(1, 0.97)),
                models.artifact(version(2, 0.95)),
                models.artifact(version(3, 0.98))));
    }

    @Test
    void shouldListEveryVersionWithItsStageWhenNothingIsDecidedYet() {
        final CliRun run = digits("models");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("mnist-lstm: serving v1, candidate v3, no decision yet")
                .containsPattern("v3 +candidate +98.00%")
                .containsPattern("v2 +superseded +95.00%")
                .containsPattern("v1 +serving +97.00%");
    }

    @Test
    void shouldServeTheCandidateOnEveryInstanceWhenPromotedByHand() {
        final CliRun run = digits("models", "promote", "--reason", "looks good");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("mnist-lstm v3 promoted; serving v3");
        final ModelCatalog catalog = models.read();
        assertThat(catalog.serving(NAME)).isEqualTo(3);
        assertThat(catalog.lastDecision(NAME, 3)).hasValueSatisfying(d -> {
            assertThat(d.getVerdict()).isEqualTo(Verdict.PROMOTED);
            assertThat(d.getDecidedBy()).isEqualTo("operator");
            assertThat(d.getReason()).isEqualTo("looks good");
            assertThat(d.getAgainst()).isEqualTo(1);
        });
        assertThat(digits("models").out()).containsPattern("v1 +retired").containsPattern("v3 +serving");
    }

    @Test
    void shouldRejectTheCandidateAndThenRollBackWhenAnOperatorSaysSo() {
        assertThat(digits("models", "reject").out().strip()).isEqualTo("mnist-lstm v3 rejected; serving v1");
        assertThat(models.read().stage(NAME, 3)).isEqualTo(ModelCatalog.Stage.REJECTED);

        assertThat(digits("models", "rollback", "--to", "2").out().strip())
                .isEqualTo("mnist-lstm v2 rolled back; serving v2");
        assertThat(models.read().serving(NAME)).isEqualTo(2);
    }

    @Test
    void shouldExplainInOneLineWhenTheRequestMakesNoSense() {
        final CliRun wrongVersion = digits("models", "reject", "--version", "2");
        assertThat(wrongVersion.exitCode()).isEqualTo(1);
        assertThat(wrongVersion.errLines())
                .singleElement()
                .asString()
                .isEqualTo("digits: mnist-lstm v2 is not the candidate (stage superseded); the candidate is v3");

        final CliRun missing = digits("models", "rollback", "--to", "9");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.errLines())
                .singleElement()
                .asString()
                .isEqualTo("digits: mnist-lstm v9 is not on the models topic (versions: [1, 2, 3])");

        final CliRun serving = digits("models", "promote", "--version", "1");
        assertThat(serving.errLines()).singleElement().asString().isEqualTo("digits: mnist-lstm v1 is already serving");
    }

    private CliRun digits(final String... args) {
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", TestKafkaBroker.bootstrapServers(), "--topic", topic));
        return CliRun.of(DigitsCli.commandLine(), all.toArray(String[]::new));
    }

    private static ModelVersion version(final long number, final double testAccuracy) {
        return ModelVersion.newBuilder()
                .setName(NAME)
                .setVersion(number)
                .setCreatedAt(Instant.parse("2026-11-29T08:00:00Z").plusSeconds(number))
                .setFormat("dl4j-multilayer-zip/1")
                .setPayload(ByteBuffer.wrap(new byte[] {1}))
                .setSha256("00")
                .setSignature(null)
                .setMetrics(new ModelMetrics(testAccuracy, 0.1, 1, 10.0))
                .setHyperparameters(Map.of())
                .setInputSpec(new InputSpec(28, 28, "column", 0.1, 0.3))
                .build();
    }
}
