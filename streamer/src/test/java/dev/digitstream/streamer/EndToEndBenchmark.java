package dev.digitstream.streamer;

import dev.digitstream.model.ModelArtifact;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DigitImage;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.Topics;
import dev.digitstream.mnist.MnistDataset;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A first end-to-end throughput figure: publishes a model (an untrained network of the real
 * architecture: the same cost per image as a trained one) unless one is serving, sends N MNIST test
 * images to {@code digits.in} as fast as the producer goes, and waits for all N predictions on
 * {@code digits.predicted}. Prints images/s from the first send to the last prediction, and the
 * latency percentiles (createdAt to predictedAt) under that full load.
 *
 * <p>Usage: {@code EndToEndBenchmark BOOTSTRAP_SERVERS [IMAGES] [--publish-model]}
 */
public final class EndToEndBenchmark {

    private static final AvroSerde<DigitImage> IMAGES = AvroSerde.of(DigitImage.class);
    private static final AvroSerde<DigitPrediction> PREDICTIONS = AvroSerde.of(DigitPrediction.class);

    private EndToEndBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        final String bootstrap = args[0];
        final int count = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        final boolean publishModel = Arrays.asList(args).contains("--publish-model");
        final MnistDataset data = MnistFixture.source().test();
        final String run = UUID.randomUUID().toString().substring(0, 8);

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20), new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                     ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new ByteArrayDeserializer())) {
            if (publishModel) {
                final var version = TestModels.version(ModelArtifact.of(TestModels.untrained(), Optional.empty()),
                        System.currentTimeMillis(), false, 0.0);
                producer.send(new ProducerRecord<>(Topics.MODELS, version.getName(), TestModels.encode(version))).get();
            }
            final List<TopicPartition> partitions = consumer.partitionsFor(Topics.PREDICTIONS).stream()
                    .map(info -> new TopicPartition(Topics.PREDICTIONS, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            final long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                final String id = run + "-" + i;
                final int index = i % data.size();
                final DigitImage image = DigitImage.newBuilder().setId(id)
                        .setPixels(ByteBuffer.wrap(data.image(index))).setLabel(data.label(index))
                        .setCreatedAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(Topics.IMAGES, id, IMAGES.encode(image)));
            }
            producer.flush();
            final long sent = System.nanoTime();

            final Set<String> seen = new HashSet<>();
            final List<Long> latencies = new ArrayList<>(count);
            final long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() != null && record.key().startsWith(run) && seen.add(record.key())) {
                        final DigitPrediction p = PREDICTIONS.decode(record.value());
                        latencies.add(p.getPredictedAt().toEpochMilli() - p.getCreatedAt().toEpochMilli());
                    }
                }
            }
            final long finished = System.nanoTime();
            latencies.sort(Long::compare);
            final double seconds = (finished - started) / 1e9;
            System.out.printf("images: %d sent in %.2f s, %d predicted; %.0f images/s end to end (%.2f s)%n",
                    count, (sent - started) / 1e9, seen.size(), seen.size() / seconds, seconds);
            if (!latencies.isEmpty()) {
                System.out.printf("latency under full load (createdAt to predictedAt): p50 %d ms, p99 %d ms, max %d ms%n",
                        latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.99)),
                        latencies.get(latencies.size() - 1));
            }
        }
    }
}
