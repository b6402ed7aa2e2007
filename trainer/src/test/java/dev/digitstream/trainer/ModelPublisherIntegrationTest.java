package dev.digitstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.digitstream.cli.CliRun;
import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.cli.PublicationSignal;
import dev.digitstream.mnist.MnistTestData;
import dev.digitstream.model.ImageSequences;
import dev.digitstream.model.ModelArtifact;
import dev.digitstream.model.ModelSigner;
import dev.digitstream.schemas.AvroBytes;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.ModelCatalog;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.ModelsTopic;
import dev.digitstream.schemas.Topics;
import dev.digitstream.schemas.Verdict;
import dev.digitstream.testing.TestKafkaBroker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI publishing to a real broker. Every test uses its own topic and model name. */
class ModelPublisherIntegrationTest {

    private static final AvroSerde<ModelVersion> SERDE = AvroSerde.of(ModelVersion.class);

    @TempDir
    static Path trained;

    private final String topic = "models-" + UUID.randomUUID();
    private final String modelName = "model-" + UUID.randomUUID();

    /** A tiny model trained once (no broker involved) for the tests that publish without training. */
    @BeforeAll
    static void trainSmallModel() {
        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "train",
                "--data-dir",
                MnistTestData.directory().toString(),
                "--train-limit",
                "200",
                "--test-limit",
                "100",
                "--epochs",
                "1",
                "--batch-size",
                "50",
                "--min-accuracy",
                "0",
                "--no-publish",
                "--output",
                trained.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void shouldPublishVersionsOneAndTwoWhenRunTwice() throws IOException, ExecutionException, InterruptedException {
        final Path output = Files.createTempDirectory(trained.getParent(), "run");

        // step 1: train and publish
        final CliRun first = CliRun.of(
                TrainerCli.commandLine(),
                "train",
                "--data-dir",
                MnistTestData.directory().toString(),
                "--train-limit",
                "200",
                "--test-limit",
                "100",
                "--epochs",
                "1",
                "--batch-size",
                "50",
                "--min-accuracy",
                "0",
                "--output",
                output.toString(),
                "--bootstrap-servers",
                TestKafkaBroker.bootstrapServers(),
                "--topic",
                topic,
                "--model-name",
                modelName);
        // step 2: publish the same files again, without training
        final CliRun second = CliRun.of(
                TrainerCli.commandLine(),
                "publish",
                "--model-dir",
                output.toString(),
                "--bootstrap-servers",
                TestKafkaBroker.bootstrapServers(),
                "--topic",
                topic,
                "--model-name",
                modelName);

        // step 3: both versions are on the topic, decodable, with the payload that was written
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("published " + modelName + " version 1 to " + topic + System.lineSeparator());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out())
                .isEqualTo("published " + modelName + " version 2 to " + topic + System.lineSeparator());

        final List<ConsumerRecord<String, byte[]>> records = readAll(topic);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly(modelName + "/v1", modelName + "/v2");
        final ModelVersion v1 = SERDE.decode(records.get(0).value());
        final ModelVersion v2 = SERDE.decode(records.get(1).value());
        assertThat(v1.getVersion()).isEqualTo(1);
        assertThat(v2.getVersion()).isEqualTo(2);
        final byte[] modelZip = Files.readAllBytes(output.resolve("model.zip"));
        for (final ModelVersion version : List.of(v1, v2)) {
            assertThat(version.getName()).isEqualTo(modelName);
            assertThat(version.getFormat()).isEqualTo(ModelArtifact.FORMAT);
            assertThat(AvroBytes.toArray(version.getPayload())).isEqualTo(modelZip);
            assertThat(ModelArtifact.sha256Of(AvroBytes.toArray(version.getPayload())))
                    .isEqualTo(version.getSha256());
            assertThat(version.getSignature()).isNull();
            assertThat(version.getRollback()).isFalse();
            assertThat(ImageSequences.matches(version.getInputSpec())).isTrue();
            assertThat(version.getMetrics().getEpochs()).isEqualTo(1);
            assertThat(version.getHyperparameters())
                    .containsEntry("batchSize", "50")
                    .containsKey("updater");
        }
        final TrainingMetrics metrics = new ModelDirectory(output).readMetrics();
        assertThat(v1.getMetrics().getTestAccuracy()).isEqualTo(metrics.testAccuracy());

        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaBroker.bootstrapServers()))) {
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            final Config config =
                    admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions())
                    .hasSize(1);
        }
    }

    @Test
    void shouldPublishNothingAndExitNonZeroWhenBelowMinAccuracy() {
        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "train",
                "--data-dir",
                MnistTestData.directory().toString(),
                "--train-limit",
                "200",
                "--test-limit",
                "100",
                "--epochs",
                "1",
                "--batch-size",
                "50",
                "--min-accuracy",
                "0.99",
                "--output",
                Path.of(trained.toString(), "..", "gate-" + modelName).toString(),
                "--bootstrap-servers",
                TestKafkaBroker.bootstrapServers(),
                "--topic",
                topic,
                "--model-name",
                modelName);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("below --min-accuracy");
        assertThat(run.out()).isEmpty();
        assertThat(readAll(topic)).isEmpty();
    }

    @Test
    void shouldSetRollbackFlagWhenPublishingWithRollback() {
        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "publish",
                "--rollback",
                "--model-dir",
                trained.toString(),
                "--bootstrap-servers",
                TestKafkaBroker.bootstrapServers(),
                "--topic",
                topic,
                "--model-name",
                modelName);

        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<ConsumerRecord<String, byte[]>> records = readAll(topic);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly(modelName + "/v1", modelName + "/rollout");
        final ModelVersion version = SERDE.decode(records.get(0).value());
        assertThat(version.getRollback()).isTrue();
        assertThat(version.getServesAtOnce()).isTrue();
        assertThat(version.getVersion()).isEqualTo(1);
        final ModelCatalog catalog = catalog();
        assertThat(catalog.serving(modelName)).isEqualTo(1);
        assertThat(catalog.lastDecision(modelName, 1))
                .hasValueSatisfying(d -> assertThat(d.getVerdict()).isEqualTo(Verdict.ROLLED_BACK));
    }

    @Test
    void shouldServeTheNewVersionAtOnceWhenPublishedStraightToServing() {
        assertThat(publish()).isZero();
        assertThat(publish("--stage", "candidate")).isZero();
        assertThat(catalog().candidate(modelName)).hasValue(2L);

        assertThat(publish("--stage", "serving")).isZero();

        final ModelCatalog catalog = catalog();
        assertThat(catalog.serving(modelName)).isEqualTo(3);
        assertThat(catalog.candidate(modelName)).isEmpty();
        assertThat(catalog.stage(modelName, 2)).isEqualTo(ModelCatalog.Stage.SUPERSEDED);
        assertThat(catalog.lastDecision(modelName, 3)).hasValueSatisfying(d -> {
            assertThat(d.getVerdict()).isEqualTo(Verdict.SERVED_DIRECTLY);
            assertThat(d.getDecidedBy()).isEqualTo(ModelRollouts.OPERATOR);
            assertThat(d.getAgainst()).isEqualTo(1);
        });
        assertThat(readAll(topic).stream()
                        .filter(record -> record.key().contains("/v") && record.value() != null)
                        .map(record -> SERDE.decode(record.value()))
                        .toList())
                .as("only the version published to serving says that it serves at once")
                .extracting(ModelVersion::getVersion, ModelVersion::getServesAtOnce)
                .containsExactly(tuple(1L, false), tuple(2L, false), tuple(3L, true));
    }

    @Test
    void shouldShowNothingOfAPublicationWhosePublisherDiedBeforeItsRolloutRecordWhenReadOrPublishedAfter() {
        assertThat(publish()).isZero();
        final ModelVersion halfPublished = ModelVersion.newBuilder(firstVersionOfTrainedModel())
                .setName(modelName)
                .setVersion(2)
                .setServesAtOnce(true)
                .build();
        halfPublished.getMetrics().setTestAccuracy(0.123);
        // A publisher killed after its artifact reached the log, before the rollout record: no commit, no abort.
        final KafkaProducer<String, byte[]> dying = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestKafkaBroker.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        Topics.publisherTransactionalId(topic)),
                new StringSerializer(),
                new ByteArraySerializer());
        dying.initTransactions();
        dying.beginTransaction();
        dying.send(new ProducerRecord<>(topic, ModelKeys.artifactKey(modelName, 2), SERDE.encode(halfPublished)));
        dying.flush();
        dying.close(Duration.ZERO);

        assertThat(catalogAsItIs().latestVersion(modelName)).isEqualTo(1);
        assertThat(publish("--stage", "serving")).isZero();

        final ModelCatalog catalog = catalog();
        assertThat(catalog.serving(modelName)).isEqualTo(2);
        assertThat(catalog.versions(modelName).get(2L).version().getMetrics().getTestAccuracy())
                .as("version 2 is the second publisher's, not the dead one's")
                .isNotEqualTo(0.123);
    }

    @Test
    void shouldDeleteAllButTheNewestVersionsButNeverServingOrTheCandidateWhenKeepVersionsIsReached() {
        for (int i = 0; i < 4; i++) {
            assertThat(publish("--keep-versions", "1")).isZero();
        }

        final ModelCatalog catalog = catalog();
        assertThat(catalog.versions(modelName)).containsOnlyKeys(1L, 4L);
        assertThat(catalog.serving(modelName)).isEqualTo(1);
        assertThat(catalog.candidate(modelName)).hasValue(4L);
    }

    @Test
    void shouldRefuseAnUnknownStageWithOneLineWhenPublishing() {
        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "publish",
                "--model-dir",
                trained.toString(),
                "--stage",
                "production",
                "--bootstrap-servers",
                TestKafkaBroker.bootstrapServers(),
                "--topic",
                topic);

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).isEqualTo("--stage must be candidate or serving, got production");
    }

    @Test
    void shouldNumberAfterAVersionKeyedByTheBareNameWhenEarlierCodeWroteTheTopic() throws Exception {
        new ModelPublisher(
                        KafkaClientSettings.plaintext(TestKafkaBroker.bootstrapServers()),
                        topic,
                        Duration.ofSeconds(15))
                .ensureTopic();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestKafkaBroker.bootstrapServers(),
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        Topics.MODELS_MAX_MESSAGE_BYTES),
                new StringSerializer(),
                new ByteArraySerializer())) {
            final ModelVersion legacy = ModelVersion.newBuilder(firstVersionOfTrainedModel())
                    .setVersion(7)
                    .build();
            producer.send(new ProducerRecord<>(topic, modelName, SERDE.encode(legacy)))
                    .get();
        }

        assertThat(publish()).isZero();

        final ModelCatalog catalog = catalog();
        assertThat(catalog.versions(modelName)).containsOnlyKeys(7L, 8L);
        assertThat(catalog.serving(modelName)).isEqualTo(7);
        assertThat(catalog.candidate(modelName)).hasValue(8L);
    }

    @Test
    void shouldPublishOnlyAfterALineOnStandardInputWhenToldToWaitForIt() {
        final InputStream standardInput = System.in;
        try {
            System.setIn(new ByteArrayInputStream(new byte[0]));
            final CliRun ended = CliRun.of(TrainerCli.commandLine(), publishArguments(PublicationSignal.OPTION));

            assertThat(ended.exitCode()).isEqualTo(1);
            assertThat(ended.outLines()).containsExactly(PublicationSignal.WAITING);
            assertThat(ended.errLines()).singleElement().asString().contains("nothing published");
            assertThat(catalog().versions(modelName)).isEmpty();

            System.setIn(new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8)));
            final CliRun told = CliRun.of(TrainerCli.commandLine(), publishArguments(PublicationSignal.OPTION));

            assertThat(told.exitCode()).as(told.err()).isZero();
            assertThat(told.outLines()).first().isEqualTo(PublicationSignal.WAITING);
            assertThat(catalog().versions(modelName)).containsOnlyKeys(1L);
        } finally {
            System.setIn(standardInput);
        }
    }

    /** Publishes the small trained model to this test's topic and name; the exit code. */
    private int publish(final String... options) {
        final CliRun run = CliRun.of(TrainerCli.commandLine(), publishArguments(options));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.exitCode();
    }

    /** The arguments of a publication of the small trained model to this test's topic and name. */
    private String[] publishArguments(final String... options) {
        final List<String> args = new ArrayList<>(List.of(
                "publish",
                "--model-dir",
                trained.toString(),
                "--bootstrap-servers",
                TestKafkaBroker.bootstrapServers(),
                "--topic",
                topic,
                "--model-name",
                modelName));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    private ModelVersion firstVersionOfTrainedModel() {
        final String scratch = topic + "-scratch";
        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "publish",
                "--model-dir",
                trained.toString(),
                "--bootstrap-servers",
                TestKafkaBroker.bootstrapServers(),
                "--topic",
                scratch,
                "--model-name",
                modelName);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return SERDE.decode(readAll(scratch).get(0).value());
    }

    /** The catalog once the publications have landed (see {@link #awaitNoOpenTransaction()}). */
    private ModelCatalog catalog() {
        awaitNoOpenTransaction();
        return catalogAsItIs();
    }

    /** The catalog as a reader sees it now, also while a transaction is open on the topic. */
    private ModelCatalog catalogAsItIs() {
        return new ModelsTopic(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaBroker.bootstrapServers()),
                        topic,
                        Duration.ofSeconds(15))
                .read();
    }

    /**
     * Waits until the topic's last stable offset has caught up with its end. A publication is a transaction,
     * and the publisher's commit returns once the coordinator has decided, before the commit markers reach
     * the partition: until they do, a read_committed reader (the catalog's) stops short of the publication.
     */
    private void awaitNoOpenTransaction() {
        try (KafkaConsumer<byte[], byte[]> committed = endOffsetReader("read_committed");
                KafkaConsumer<byte[], byte[]> uncommitted = endOffsetReader("read_uncommitted")) {
            final List<TopicPartition> partitions = committed.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            await("no transaction open on " + topic)
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> committed.endOffsets(partitions).equals(uncommitted.endOffsets(partitions)));
        }
    }

    private static KafkaConsumer<byte[], byte[]> endOffsetReader(final String isolationLevel) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestKafkaBroker.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        isolationLevel),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @Test
    void shouldSignPayloadWhenSigningKeyIsGiven() {
        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "publish",
                "--model-dir",
                trained.toString(),
                "--signing-key",
                "s3cret",
                "--bootstrap-servers",
                TestKafkaBroker.bootstrapServers(),
                "--topic",
                topic,
                "--model-name",
                modelName);

        assertThat(run.exitCode()).as(run.err()).isZero();
        final ModelVersion version = SERDE.decode(readAll(topic).get(0).value());
        assertThat(new ModelSigner("s3cret").verify(AvroBytes.toArray(version.getPayload()), version.getSignature()))
                .isTrue();
        assertThat(new ModelSigner("other").verify(AvroBytes.toArray(version.getPayload()), version.getSignature()))
                .isFalse();
    }

    @Test
    void shouldSkipUndecodableRecordsWhenFindingLatestVersion() throws ExecutionException, InterruptedException {
        final ModelPublisher publisher = new ModelPublisher(
                KafkaClientSettings.plaintext(TestKafkaBroker.bootstrapServers()), topic, Duration.ofSeconds(15));
        publisher.ensureTopic();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaBroker.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, modelName, new byte[] {1, 2, 3}))
                    .get();
            producer.send(new ProducerRecord<>(topic, "another-model", new byte[] {(byte) 0xC3, 1, 0}))
                    .get();
        }

        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "publish",
                "--model-dir",
                trained.toString(),
                "--bootstrap-servers",
                TestKafkaBroker.bootstrapServers(),
                "--topic",
                topic,
                "--model-name",
                modelName);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("version 1 to");
        assertThat(publisher.latestVersion(modelName)).isEqualTo(1);
        assertThat(publisher.latestVersion("never-published")).isZero();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(final String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaBroker.bootstrapServers()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
