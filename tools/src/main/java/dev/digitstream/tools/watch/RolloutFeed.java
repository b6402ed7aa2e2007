package dev.digitstream.tools.watch;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.CandidateScore;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.RecordDecodingException;
import dev.digitstream.tools.kafka.PartitionReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads the rollout from its start: the candidates' scores on the rollout topic and the rollout states
 * on the models topic, so that a watcher shows the cluster-wide comparison and each decision as the
 * streamers see them. Group-less, like the prediction feed.
 */
final class RolloutFeed implements AutoCloseable {

    private static final AvroSerde<CandidateScore> SCORES = AvroSerde.of(CandidateScore.class);
    private static final AvroSerde<ModelRollout> ROLLOUTS = AvroSerde.of(ModelRollout.class);

    private final PartitionReader reader;
    private final String rolloutTopic;

    RolloutFeed(
            final KafkaClientSettings kafka,
            final String rolloutTopic,
            final String modelsTopic,
            final Duration timeout) {
        this.reader =
                new PartitionReader(kafka, "digits-watch-rollout", List.of(rolloutTopic, modelsTopic), timeout, true);
        this.rolloutTopic = rolloutTopic;
    }

    /** Whatever arrived since the last call, without waiting, into the progress. */
    void pollInto(final RolloutProgress progress) {
        try {
            for (final ConsumerRecord<String, byte[]> record : reader.poll(Duration.ZERO)) {
                if (record.value() == null) {
                    continue;
                }
                try {
                    if (record.topic().equals(rolloutTopic)) {
                        progress.add(SCORES.decode(record.value()));
                    } else if (isRolloutState(record.key())) {
                        progress.add(ROLLOUTS.decode(record.value()));
                    }
                } catch (RecordDecodingException e) {
                    // Not a record this watcher can show; the streamers report such records themselves.
                }
            }
        } catch (WakeupException e) {
            // Stopping: the caller checks its own flag.
        }
    }

    void wakeup() {
        reader.wakeup();
    }

    private static boolean isRolloutState(final String key) {
        final Optional<ModelKeys.Key> parsed = ModelKeys.parse(key);
        return parsed.isPresent() && parsed.get().kind() == ModelKeys.Kind.ROLLOUT;
    }

    @Override
    public void close() {
        reader.close();
    }
}
