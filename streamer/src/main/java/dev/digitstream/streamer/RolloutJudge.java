package dev.digitstream.streamer;

import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.CandidateScore;
import dev.digitstream.schemas.CandidateScores;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.RecordDecodingException;
import dev.digitstream.schemas.RolloutDecision;
import dev.digitstream.schemas.Verdict;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds up the candidates' scores from every instance (the rollout topic has one partition, so exactly
 * one task in the cluster judges) and, once the {@link RolloutPolicy} decides, writes the next
 * {@link ModelRollout} state to the models topic. Every instance reads that record as it reads
 * versions, so all of them switch at the same decision.
 *
 * <p>The totals live in a changelogged store keyed by {@code <name>/v<candidate>/v<serving>}, so a
 * restarted judge goes on counting. Scores for a version the rollout state has already decided, or
 * against a serving version that no longer serves, are ignored.
 */
final class RolloutJudge implements Processor<String, byte[], String, ModelRollout> {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutJudge.class);
    private static final AvroSerde<CandidateScore> SCORES = AvroSerde.of(CandidateScore.class);

    private final String storeName;
    private final ModelRegistry registry;
    private final RolloutPolicy policy;
    private final StreamerMetrics metrics;
    // Decisions written but maybe not yet read back through the global store: never decide twice.
    private final Set<String> decided = new HashSet<>();
    private ProcessorContext<String, ModelRollout> context;
    private KeyValueStore<String, CandidateScore> totals;

    RolloutJudge(
            final String storeName,
            final ModelRegistry registry,
            final RolloutPolicy policy,
            final StreamerMetrics metrics) {
        this.storeName = storeName;
        this.registry = registry;
        this.policy = policy;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, ModelRollout> processorContext) {
        this.context = processorContext;
        this.totals = processorContext.getStateStore(storeName);
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        final CandidateScore score;
        try {
            score = SCORES.decode(record.value());
        } catch (RecordDecodingException e) {
            LOG.warn("Ignoring an unreadable score on the rollout topic (key {}): {}", record.key(), e.getMessage());
            return;
        }
        if (!score.getName().equals(registry.modelName()) || isStale(score)) {
            return;
        }
        final String key = ModelKeys.scoreKey(score.getName(), score.getCandidate(), score.getServing());
        if (decided.contains(key)) {
            return;
        }
        final CandidateScore previous = totals.get(key);
        final CandidateScore total = previous == null ? score : CandidateScores.sum(previous, score);
        totals.put(key, total);
        policy.judge(total).ifPresent(judgement -> decide(key, total, judgement));
    }

    /** A score for a decided candidate, or against a version that no longer serves, counts for nothing. */
    private boolean isStale(final CandidateScore score) {
        final Optional<ModelRollout> state = registry.rollout();
        if (state.isPresent() && score.getCandidate() <= state.get().getDecidedThrough()) {
            return true;
        }
        return registry.current()
                .map(serving -> serving.version() != score.getServing())
                .orElse(true);
    }

    private void decide(final String key, final CandidateScore total, final RolloutPolicy.Judgement judgement) {
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        final RolloutDecision decision = RolloutDecision.newBuilder()
                .setVersion(total.getCandidate())
                .setVerdict(judgement.verdict())
                .setDecidedBy(ModelRollouts.JUDGE)
                .setReason(judgement.reason())
                .setAgainst(total.getServing())
                .setLabeled(total.getCandidateLabeled())
                .setCandidateAccuracy(share(total.getCandidateCorrect(), total.getCandidateLabeled()))
                .setServingAccuracy(share(total.getServingCorrect(), total.getServingLabeled()))
                .setCompared(total.getCompared())
                .setAgreement(share(total.getAgreed(), total.getCompared()))
                .setAt(now)
                .build();
        final ModelRollout current =
                registry.rollout().orElseGet(() -> ModelRollouts.initial(total.getName(), total.getServing(), now));
        final ModelRollout next = judgement.verdict() == Verdict.PROMOTED
                ? ModelRollouts.promote(current, decision)
                : ModelRollouts.reject(current, decision);
        decided.add(key);
        totals.delete(key);
        context.forward(new Record<>(ModelKeys.rolloutKey(total.getName()), next, now.toEpochMilli()));
        metrics.decided(judgement.verdict());
        LOG.info(
                "Rollout of {}: candidate v{} {} against v{}: {}",
                total.getName(),
                total.getCandidate(),
                judgement.verdict(),
                total.getServing(),
                judgement.reason());
    }

    private static Double share(final long part, final long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
