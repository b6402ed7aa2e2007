package dev.digitstream.tools.watch;

import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.RecordDecodingException;
import dev.digitstream.tools.kafka.Brokers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads predictions and dead letters, every partition of both topics, without a consumer group (a
 * watcher only observes, so it neither commits offsets nor waits for a rebalance). It starts at the
 * end of each partition, or at the beginning when asked; the start is fixed when it is created.
 */
public final class PredictionFeed implements AutoCloseable {

    /** What one poll brought, with the time it arrived (the end of end-to-end latency). */
    record Arrivals(List<DigitPrediction> predictions, List<DeadLetter> deadLetters, int undecodable,
                    long arrivedAtMillis) {

        int size() {
            return predictions.size() + deadLetters.size();
        }

        /** The first {@code count} records: predictions first, then dead letters. */
        Arrivals limit(final int count) {
            if (count >= size()) {
                return this;
            }
            final int fromPredictions = Math.min(count, predictions.size());
            return new Arrivals(predictions.subList(0, fromPredictions),
                    deadLetters.subList(0, count - fromPredictions), undecodable, arrivedAtMillis);
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String predictionsTopic;
    private final AvroSerde<DigitPrediction> predictions = AvroSerde.of(DigitPrediction.class);
    private final AvroSerde<DeadLetter> deadLetters = AvroSerde.of(DeadLetter.class);

    public PredictionFeed(final String bootstrapServers, final String predictionsTopic, final String deadLetterTopic,
                   final Duration timeout, final boolean fromBeginning) {
        final Map<String, Integer> partitions = Brokers.requireTopics(bootstrapServers, timeout,
                List.of(predictionsTopic, deadLetterTopic));
        final Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "digits-watch");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.predictionsTopic = predictionsTopic;
        final List<TopicPartition> assigned = new ArrayList<>();
        partitions.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
        });
        consumer.assign(assigned);
        if (fromBeginning) {
            consumer.seekToBeginning(assigned);
        } else {
            consumer.seekToEnd(assigned);
        }
        // seekTo* is lazy: resolve now, so that nothing sent after this constructor returns is missed.
        assigned.forEach(consumer::position);
    }

    /** Waits up to {@code timeout} for records; empty after {@link #wakeup()}. */
    Arrivals poll(final Duration timeout) {
        final ConsumerRecords<String, byte[]> records;
        try {
            records = consumer.poll(timeout);
        } catch (WakeupException e) {
            return new Arrivals(List.of(), List.of(), 0, System.currentTimeMillis());
        }
        final long arrivedAt = System.currentTimeMillis();
        final List<DigitPrediction> predicted = new ArrayList<>(records.count());
        final List<DeadLetter> rejected = new ArrayList<>();
        int undecodable = 0;
        for (final ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                undecodable++;
                continue;
            }
            try {
                if (record.topic().equals(predictionsTopic)) {
                    predicted.add(predictions.decode(record.value()));
                } else {
                    rejected.add(deadLetters.decode(record.value()));
                }
            } catch (RecordDecodingException e) {
                undecodable++;
            }
        }
        return new Arrivals(predicted, rejected, undecodable, arrivedAt);
    }

    /** Makes a blocked or the next {@link #poll} return at once; safe from any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
