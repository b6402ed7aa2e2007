package dev.digitstream.console.rollout;

import dev.digitstream.console.ConsoleProperties;
import dev.digitstream.schemas.CandidateScore;
import dev.digitstream.schemas.CandidateScores;
import dev.digitstream.schemas.ModelCatalog;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.RolloutDecision;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The rollout of one model as the streamers see it: the models topic folded into a {@link ModelCatalog}
 * (serving version, candidate, decisions), the candidates' scores added up across the cluster (what the
 * judge adds up), and a hot swap each time the serving version changes.
 */
@Component
public final class RolloutView {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutView.class);
    /** Swaps kept for the timeline; older ones fall off. */
    static final int SWAPS_KEPT = 50;

    private final String name;
    private final ModelCatalog catalog = new ModelCatalog();
    private final Map<String, CandidateScore> totals = new HashMap<>();
    private final Deque<RolloutSnapshot.Swap> swaps = new ArrayDeque<>();
    private long serving;

    @Autowired
    RolloutView(final ConsoleProperties properties) {
        this(properties.modelName());
    }

    RolloutView(final String name) {
        this.name = name;
    }

    /** One record of the models topic, in topic order, written at {@code at}. */
    public synchronized void addModelsRecord(final String key, final byte[] value, final Instant at) {
        catalog.add(key, value);
        final long now = catalog.serving(name);
        if (now != serving && now != 0) {
            final RolloutSnapshot.Swap swap = new RolloutSnapshot.Swap(at.toEpochMilli(), serving, now, how(now));
            LOG.info("Hot swap of {}: v{} -> v{} ({})", name, serving, now, swap.how());
            swaps.addLast(swap);
            while (swaps.size() > SWAPS_KEPT) {
                swaps.removeFirst();
            }
            serving = now;
        }
    }

    /** One candidate's score from one streamer task. */
    public synchronized void addScore(final CandidateScore score) {
        totals.merge(
                ModelKeys.scoreKey(score.getName(), score.getCandidate(), score.getServing()),
                score,
                CandidateScores::sum);
    }

    public synchronized RolloutSnapshot snapshot() {
        final Optional<Long> candidate = catalog.candidate(name);
        final Optional<RolloutSnapshot.Comparison> comparison = candidate.map(this::comparison);
        final String lastDecision = catalog.rollout(name)
                .flatMap(ModelRollouts::lastDecision)
                .map(RolloutView::describe)
                .orElse(null);
        return new RolloutSnapshot(
                name, serving == 0 ? null : serving, comparison.orElse(null), lastDecision, new ArrayList<>(swaps));
    }

    private RolloutSnapshot.Comparison comparison(final long candidate) {
        final CandidateScore total = totals.get(ModelKeys.scoreKey(name, candidate, serving));
        if (total == null) {
            return new RolloutSnapshot.Comparison(candidate, null, 0, null, null, 0, null);
        }
        return new RolloutSnapshot.Comparison(
                candidate,
                total.getMode(),
                total.getCandidateLabeled(),
                share(total.getCandidateCorrect(), total.getCandidateLabeled()),
                share(total.getServingCorrect(), total.getServingLabeled()),
                total.getCompared(),
                share(total.getAgreed(), total.getCompared()));
    }

    /** How version {@code now} came to serve: the rollout state's decision about it, else the first version. */
    private String how(final long now) {
        return catalog.lastDecision(name, now)
                .map(RolloutView::describe)
                .orElse(serving == 0 ? "first version" : "newer version served directly");
    }

    private static String describe(final RolloutDecision decision) {
        return String.format(
                Locale.ROOT,
                "v%d %s by %s: %s",
                decision.getVersion(),
                decision.getVerdict().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                decision.getDecidedBy(),
                decision.getReason());
    }

    private static Double share(final long part, final long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
