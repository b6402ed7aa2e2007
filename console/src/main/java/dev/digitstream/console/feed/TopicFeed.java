package dev.digitstream.console.feed;

import dev.digitstream.console.ConsoleProperties;
import dev.digitstream.console.draw.PendingAnswers;
import dev.digitstream.console.live.LiveStats;
import dev.digitstream.console.rollout.RolloutView;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.CandidateScore;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.RecordDecodingException;
import dev.digitstream.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The console's one reader of Kafka, on a thread of its own: every partition of the prediction and
 * dead-letter topics from their end, and of the models and rollout topics from their beginning, without
 * a consumer group (an observer neither commits nor joins a rebalance, as {@code digits watch}). Each
 * poll goes to the drawn digits waiting for an answer, the live statistics and the rollout view. It waits
 * for the topics to exist and, after a Kafka failure, resumes where it was.
 */
@Component
final class TopicFeed implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private static final AvroSerde<DigitPrediction> PREDICTIONS = AvroSerde.of(DigitPrediction.class);
    private static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);
    private static final AvroSerde<CandidateScore> SCORES = AvroSerde.of(CandidateScore.class);

    private final Map<String, Object> config;
    private final ConsoleProperties.TopicNames topics;
    private final PendingAnswers answers;
    private final LiveStats live;
    private final RolloutView rollout;
    /** Where each partition's next record is, so that a reconnection neither repeats nor skips. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    TopicFeed(
            final KafkaProperties kafka,
            final ConsoleProperties properties,
            final PendingAnswers answers,
            final LiveStats live,
            final RolloutView rollout) {
        final Map<String, Object> consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Committed records only: the models topic's publications are transactions.
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, Topics.MODELS_ISOLATION_LEVEL);
        // A missing topic is waited for, never created here with the wrong shape.
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "digits-console");
        this.config = consumerConfig;
        this.topics = properties.topics();
        this.answers = answers;
        this.live = live;
        this.rollout = rollout;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "console-feed");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        final KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> reading =
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = reading;
                if (assign(reading)) {
                    live.connected(true);
                    while (running) {
                        dispatch(reading);
                    }
                }
            } catch (WakeupException e) {
                // Stopping.
            } catch (KafkaException e) {
                LOG.warn("Reading Kafka failed, retrying in {} s: {}", RETRY.toSeconds(), e.getMessage());
                live.connected(false);
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    /** Waits for the four topics, then assigns all their partitions; false when stopped meanwhile. */
    private boolean assign(final KafkaConsumer<String, byte[]> reading) {
        final List<String> wanted =
                List.of(topics.predictions(), topics.deadLetters(), topics.models(), topics.rollout());
        boolean said = false;
        while (running) {
            final Map<String, List<PartitionInfo>> existing = reading.listTopics(RETRY);
            final List<String> missing = wanted.stream()
                    .filter(topic -> !existing.containsKey(topic))
                    .toList();
            if (missing.isEmpty()) {
                final List<TopicPartition> partitions = new ArrayList<>();
                wanted.forEach(topic -> existing.get(topic)
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition()))));
                reading.assign(partitions);
                for (final TopicPartition partition : partitions) {
                    final Long position = positions.get(partition);
                    if (position != null) {
                        reading.seek(partition, position);
                    } else if (fromBeginning(partition.topic())) {
                        reading.seekToBeginning(Set.of(partition));
                    } else {
                        reading.seekToEnd(Set.of(partition));
                    }
                }
                LOG.info(
                        "Reading {} (new records) and {} (from the beginning), {} partitions, no consumer group",
                        List.of(topics.predictions(), topics.deadLetters()),
                        List.of(topics.models(), topics.rollout()),
                        partitions.size());
                return true;
            }
            if (!said) {
                LOG.info("Waiting for topics {} to exist (start the streamer or create the topics)", missing);
                said = true;
            }
            pause();
        }
        return false;
    }

    private boolean fromBeginning(final String topic) {
        return topic.equals(topics.models()) || topic.equals(topics.rollout());
    }

    private void dispatch(final KafkaConsumer<String, byte[]> reading) {
        final var records = reading.poll(POLL);
        if (records.isEmpty()) {
            live.add(List.of(), List.of(), 0, System.currentTimeMillis());
            return;
        }
        final long arrivedNanos = System.nanoTime();
        final long arrivedMillis = System.currentTimeMillis();
        final List<DigitPrediction> predictions = new ArrayList<>(records.count());
        final List<DeadLetter> deadLetters = new ArrayList<>();
        int undecodable = 0;
        for (final ConsumerRecord<String, byte[]> record : records) {
            positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            try {
                if (record.topic().equals(topics.predictions())) {
                    if (record.value() == null) {
                        undecodable++;
                        continue;
                    }
                    final DigitPrediction prediction = PREDICTIONS.decode(record.value());
                    predictions.add(prediction);
                    answers.predicted(prediction, arrivedNanos);
                } else if (record.topic().equals(topics.deadLetters())) {
                    if (record.value() == null) {
                        undecodable++;
                        continue;
                    }
                    final DeadLetter deadLetter = DEAD_LETTERS.decode(record.value());
                    deadLetters.add(deadLetter);
                    answers.deadLettered(record.key(), deadLetter);
                } else if (record.topic().equals(topics.models())) {
                    rollout.addModelsRecord(record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()));
                } else if (record.value() != null) {
                    rollout.addScore(SCORES.decode(record.value()));
                }
            } catch (RecordDecodingException e) {
                undecodable++;
            }
        }
        live.add(predictions, deadLetters, undecodable, arrivedMillis);
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
