package dev.digitstream.tools.bench;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.RecordDecodingException;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.kafka.PartitionReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads one phase's output topics from their current end on a thread of its own, with a
 * {@link PartitionReader}, and books every record in the phase's {@link DeliveryLedger}; keeps each
 * {@link Arrival} for the latency figures. Records of other topics' kinds are read as dead letters:
 * they account for an id, but have no latency.
 */
final class OutputCollector implements AutoCloseable {

    /** Turns an output record into an arrival; null when it cannot be read. */
    @FunctionalInterface
    interface Decoder {
        Arrival decode(ConsumerRecord<String, byte[]> record, long arrivedAtMillis);
    }

    private static final Duration POLL = Duration.ofMillis(100);

    private final PartitionReader reader;
    private final Duration timeout;
    private final Decoder decoder;
    private final String latencyTopic;
    private final DeliveryLedger ledger;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private long undecodable;
    private long deadLetters;
    private long lastArrivalNanos = System.nanoTime();
    /** Asks for the output's current end, answered by the reading thread once it got there. */
    private long endsAsked;

    private long endsReached;
    private RuntimeException failure;

    /**
     * @param latencyTopic the topic whose records carry latencies (predictions, or the pass-through output)
     * @param otherTopics  topics whose records only account for ids (dead letters)
     */
    OutputCollector(
            final KafkaClientSettings kafka,
            final String latencyTopic,
            final List<String> otherTopics,
            final Decoder decoder,
            final DeliveryLedger ledger,
            final Duration timeout) {
        final List<String> topics = new ArrayList<>(List.of(latencyTopic));
        topics.addAll(otherTopics);
        this.reader = new PartitionReader(kafka, "digits-bench-collector", topics, timeout, false);
        this.timeout = timeout;
        this.decoder = decoder;
        this.latencyTopic = latencyTopic;
        this.ledger = ledger;
        this.thread = new Thread(this::collect, "digits-bench-collector");
        thread.setDaemon(true);
        thread.start();
    }

    /** Arrivals of predictions: the image's createdAt and the model version from the record. */
    static Decoder predictions() {
        final AvroSerde<DigitPrediction> serde = AvroSerde.of(DigitPrediction.class);
        return (record, arrivedAt) -> {
            try {
                final DigitPrediction prediction = serde.decode(record.value());
                return new Arrival(
                        prediction.getId(),
                        prediction.getCreatedAt().toEpochMilli(),
                        arrivedAt,
                        prediction.getModelVersion());
            } catch (RecordDecodingException e) {
                return null;
            }
        };
    }

    /** Arrivals of copied records: the key is the id, the record timestamp (kept by Kafka Streams) the creation time. */
    static Decoder passThrough() {
        return (record, arrivedAt) -> new Arrival(record.key(), record.timestamp(), arrivedAt, 0);
    }

    private void collect() {
        try {
            Map<TopicPartition, Long> ends = null;
            long endsFor = 0;
            while (running.get()) {
                final long asked = endsAsked();
                if (asked > endsFor) {
                    ends = reader.endOffsets();
                    endsFor = asked;
                }
                final ConsumerRecords<String, byte[]> records = reader.poll(POLL);
                final long arrivedAt = System.currentTimeMillis();
                if (!records.isEmpty()) {
                    book(records, arrivedAt);
                }
                if (ends != null && reader.hasReached(ends)) {
                    reached(endsFor);
                    ends = null;
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = e;
                notifyAll();
            }
        }
    }

    private synchronized void book(final ConsumerRecords<String, byte[]> records, final long arrivedAt) {
        for (final ConsumerRecord<String, byte[]> record : records) {
            if (!record.topic().equals(latencyTopic)) {
                deadLetters++;
                ledger.answer(record.key());
                continue;
            }
            final Arrival arrival = record.value() == null ? null : decoder.decode(record, arrivedAt);
            if (arrival == null) {
                undecodable++;
            } else {
                arrivals.add(arrival);
                ledger.answer(arrival.id());
            }
        }
        lastArrivalNanos = System.nanoTime();
        notifyAll();
    }

    private synchronized long endsAsked() {
        return endsAsked;
    }

    private synchronized void reached(final long asked) {
        endsReached = Math.max(endsReached, asked);
        notifyAll();
    }

    /**
     * Waits until this collector has read every output partition as far as it went when this was called;
     * a {@link ToolException} when reading failed or took longer than the collector's timeout.
     */
    synchronized void awaitCaughtUp() throws InterruptedException {
        final long asked = ++endsAsked;
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (endsReached < asked) {
            if (failure != null) {
                throw new ToolException("Reading the output failed: " + failure.getMessage(), failure);
            }
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new ToolException("The output was not read to its end within " + timeout.toSeconds() + " s");
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
    }

    /**
     * Waits until every expected id is answered, or, once the output has been read as far as it went
     * when this was called, until nothing more arrives for {@code quiet}; true when complete. A
     * {@link ToolException} when reading failed.
     */
    synchronized boolean awaitComplete(final Duration quiet) throws InterruptedException {
        if (ledger.complete()) {
            return true;
        }
        // A quiet period only means something once the reader is known to be reading at the end.
        awaitCaughtUp();
        final long caughtUp = System.nanoTime();
        while (!ledger.complete()) {
            if (failure != null) {
                throw new ToolException("Reading the output failed: " + failure.getMessage(), failure);
            }
            final long waited = System.nanoTime() - Math.max(caughtUp, lastArrivalNanos);
            if (waited >= quiet.toNanos()) {
                return false;
            }
            wait(Math.max(1, (quiet.toNanos() - waited) / 1_000_000));
        }
        return true;
    }

    synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    synchronized long undecodable() {
        return undecodable;
    }

    synchronized long deadLetters() {
        return deadLetters;
    }

    /** The ledger, read under this collector's lock. */
    synchronized LedgerCounts counts() {
        return new LedgerCounts(
                ledger.expected(), ledger.answered(), ledger.lost(), ledger.duplicates(), ledger.unexpected());
    }

    /** A snapshot of a {@link DeliveryLedger}. */
    record LedgerCounts(long expected, long answered, long lost, long duplicates, long unexpected) {}

    @Override
    public void close() {
        running.set(false);
        reader.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
