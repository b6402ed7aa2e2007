package dev.digitstream.tools.watch;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.RecordDecodingException;
import dev.digitstream.schemas.Topics;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.kafka.PartitionReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads predictions and dead letters, every partition of both topics, with a {@link PartitionReader}
 * (no consumer group: a watcher only observes), and decodes them.
 */
public final class PredictionFeed implements AutoCloseable {

    /** What one poll brought, with the time it arrived (the end of end-to-end latency). */
    record Arrivals(
            List<DigitPrediction> predictions, List<DeadLetter> deadLetters, int undecodable, long arrivedAtMillis) {

        int size() {
            return predictions.size() + deadLetters.size();
        }

        /** The first {@code count} records: predictions first, then dead letters. */
        Arrivals limit(final int count) {
            if (count >= size()) {
                return this;
            }
            final int fromPredictions = Math.min(count, predictions.size());
            return new Arrivals(
                    predictions.subList(0, fromPredictions),
                    deadLetters.subList(0, count - fromPredictions),
                    undecodable,
                    arrivedAtMillis);
        }
    }

    private final PartitionReader reader;
    private final Optional<RolloutFeed> rollout;
    private final String predictionsTopic;
    private final AvroSerde<DigitPrediction> predictions = AvroSerde.of(DigitPrediction.class);
    private final AvroSerde<DeadLetter> deadLetters = AvroSerde.of(DeadLetter.class);

    public PredictionFeed(
            final KafkaClientSettings kafka,
            final String predictionsTopic,
            final String deadLetterTopic,
            final Duration timeout,
            final boolean fromBeginning) {
        this(kafka, predictionsTopic, deadLetterTopic, Topics.Names.defaults(), timeout, fromBeginning);
    }

    /**
     * Also follows the rollout (the candidates' scores and the rollout states) when the rollout and
     * models topics named in {@code rolloutTopics} exist; a system without them is watched as before.
     */
    public PredictionFeed(
            final KafkaClientSettings kafka,
            final String predictionsTopic,
            final String deadLetterTopic,
            final Topics.Names rolloutTopics,
            final Duration timeout,
            final boolean fromBeginning) {
        this.reader = new PartitionReader(
                kafka, "digits-watch", List.of(predictionsTopic, deadLetterTopic), timeout, fromBeginning);
        this.predictionsTopic = predictionsTopic;
        this.rollout = rolloutFeed(kafka, rolloutTopics, timeout);
    }

    private static Optional<RolloutFeed> rolloutFeed(
            final KafkaClientSettings kafka, final Topics.Names topics, final Duration timeout) {
        try {
            return Optional.of(new RolloutFeed(kafka, topics.rollout(), topics.models(), timeout));
        } catch (ToolException e) {
            return Optional.empty();
        }
    }

    /** Adds whatever the rollout topics brought since the last call, without waiting. */
    void pollRollout(final RolloutProgress progress) {
        rollout.ifPresent(feed -> feed.pollInto(progress));
    }

    /** Waits up to {@code timeout} for records; empty after {@link #wakeup()}. */
    Arrivals poll(final Duration timeout) {
        final ConsumerRecords<String, byte[]> records;
        try {
            records = reader.poll(timeout);
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
        reader.wakeup();
        rollout.ifPresent(RolloutFeed::wakeup);
    }

    @Override
    public void close() {
        reader.close();
        rollout.ifPresent(RolloutFeed::close);
    }
}
