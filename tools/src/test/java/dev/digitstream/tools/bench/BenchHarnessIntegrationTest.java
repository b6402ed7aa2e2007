package dev.digitstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.mnist.MnistSource;
import dev.digitstream.mnist.MnistTestData;
import dev.digitstream.testing.TestKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load harness's moving parts on a real broker: the pass-through phase end to end (load generator,
 * Kafka Streams copy, collector, report), and the loss and duplicate accounting of output that misses
 * and repeats ids. The streamer phases need the streamer and trainer jars and minutes: {@code digits
 * bench} itself runs them (BENCHMARKS.md).
 */
class BenchHarnessIntegrationTest {

    private static String bootstrapServers;

    @TempDir
    Path temp;

    @BeforeAll
    static void startBroker() {
        bootstrapServers = TestKafkaBroker.bootstrapServers();
    }

    @Test
    void shouldAnswerEveryRecordOnceWhenPassingThroughOnARealBroker() {
        // Step 1: fresh topics and the pass-through app.
        final BenchTopics topics = new BenchTopics(UUID.randomUUID().toString().substring(0, 8), 2);
        topics.create(kafka(), Duration.ofSeconds(30));
        final LoadGenerator load = new LoadGenerator(
                MnistSource.directory(MnistTestData.directory()).test(), kafka(), Duration.ofSeconds(30));
        final PhaseRunner phases =
                new PhaseRunner(load, kafka(), Map.of("harness", ProcessHandle.current()), Duration.ofSeconds(30));

        // Step 2: 300 records at 3,000/s through it.
        final PhaseRunner.Outcome outcome;
        try (PassThrough copy = PassThrough.start(
                kafka(),
                "bench-it-" + topics.run(),
                temp,
                topics.passThroughIn(),
                topics.passThroughOut(),
                Duration.ofSeconds(60))) {
            outcome = phases.run(
                    "pass-through", PhaseRunner.Route.passThrough(topics), PhaseRunner.Load.paced("it-", 300, 3_000));
        }

        // Step 3: every id once, with latencies, in the report.
        final PhaseResult result = outcome.result();
        assertThat(result.counts()).isEqualTo(new OutputCollector.LedgerCounts(300, 300, 0, 0, 0));
        assertThat(outcome.arrivals()).hasSize(300).allSatisfy(arrival -> {
            assertThat(arrival.id()).startsWith("it-");
            assertThat(arrival.arrivedAtMillis()).isGreaterThanOrEqualTo(arrival.createdAtMillis());
        });
        assertThat(result.latency().count()).isEqualTo(300);
        assertThat(result.latency().max())
                .isGreaterThanOrEqualTo(result.latency().p50());
        assertThat(result.cores()).containsKey("harness");
        final BenchReport report = new BenchReport("test", "-", "-", "defaults", result, List.of(), null, null);
        assertThat(report.text()).contains("pass-through", "Lost: 0; duplicated: 0");
    }

    @Test
    void shouldCountLostAndDuplicatedIdsWhenTheOutputMissesAndRepeatsSome() throws Exception {
        // Step 1: an output topic and a collector expecting ids 0-9.
        final BenchTopics topics = new BenchTopics(UUID.randomUUID().toString().substring(0, 8), 2);
        topics.create(kafka(), Duration.ofSeconds(30));
        final DeliveryLedger ledger = new DeliveryLedger(LoadGenerator.ids("id-", 10));
        try (OutputCollector collector = new OutputCollector(
                kafka(),
                topics.passThroughOut(),
                List.of(topics.deadLetters()),
                OutputCollector.passThrough(),
                ledger,
                Duration.ofSeconds(30))) {

            // Step 2: output for every id but id-3, id-5 twice, id-7 as a dead letter, and one foreign id.
            try (KafkaProducer<String, byte[]> producer = producer()) {
                for (final String id : List.of(
                        "id-0", "id-1", "id-2", "id-4", "id-5", "id-5", "id-6", "id-8", "id-9", "someone-else")) {
                    producer.send(new ProducerRecord<>(topics.passThroughOut(), id, new byte[] {1}));
                }
                producer.send(new ProducerRecord<>(topics.deadLetters(), "id-7", new byte[] {2}));
                producer.flush();
            }

            // Step 3: the accounting, once the collector has read the output as far as it went after step 2.
            collector.awaitCaughtUp();
            assertThat(collector.counts()).isEqualTo(new OutputCollector.LedgerCounts(10, 9, 1, 1, 1));
            assertThat(collector.deadLetters()).isEqualTo(1);
            assertThat(collector.arrivals()).extracting(Arrival::id).doesNotContain("id-3", "id-7");
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        final Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaClientSettings kafka() {
        return KafkaClientSettings.plaintext(bootstrapServers);
    }
}
