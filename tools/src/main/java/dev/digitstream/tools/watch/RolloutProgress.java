package dev.digitstream.tools.watch;

import dev.digitstream.schemas.CandidateScore;
import dev.digitstream.schemas.CandidateScores;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.RolloutDecision;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rollout as a watcher sees it: every candidate's scores added up across the cluster (what the
 * judge adds up) and the latest rollout state; {@link #line()} says where it stands in one line.
 */
final class RolloutProgress {

    private final Map<String, CandidateScore> totals = new LinkedHashMap<>();
    private ModelRollout latest;

    void add(final CandidateScore score) {
        totals.merge(
                ModelKeys.scoreKey(score.getName(), score.getCandidate(), score.getServing()),
                score,
                CandidateScores::sum);
    }

    void add(final ModelRollout state) {
        latest = state;
    }

    /** The candidate being compared now, else the last decision, else that there is nothing to compare. */
    String line() {
        final long decidedThrough = latest == null ? 0 : latest.getDecidedThrough();
        CandidateScore open = null;
        for (final CandidateScore total : totals.values()) {
            if (total.getCandidate() > decidedThrough
                    && (open == null || total.getCandidate() >= open.getCandidate())) {
                open = total;
            }
        }
        if (open != null) {
            return comparison(open);
        }
        final Optional<RolloutDecision> last = latest == null ? Optional.empty() : ModelRollouts.lastDecision(latest);
        if (last.isPresent()) {
            return String.format(
                    Locale.ROOT,
                    "v%d %s by %s: %s",
                    last.get().getVersion(),
                    last.get().getVerdict().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    last.get().getDecidedBy(),
                    last.get().getReason());
        }
        return "no candidate";
    }

    private static String comparison(final CandidateScore total) {
        final String agreement = total.getCompared() == 0
                ? ""
                : String.format(Locale.ROOT, ", agree %.1f%%", 100.0 * total.getAgreed() / total.getCompared());
        if (total.getCandidateLabeled() == 0 || total.getServingLabeled() == 0) {
            return String.format(
                    Locale.ROOT,
                    "candidate v%d (%s) vs serving v%d: no labeled images yet%s",
                    total.getCandidate(),
                    total.getMode(),
                    total.getServing(),
                    agreement);
        }
        return String.format(
                Locale.ROOT,
                "candidate v%d (%s) %.2f%% vs serving v%d %.2f%% on %,d labeled%s",
                total.getCandidate(),
                total.getMode(),
                100.0 * total.getCandidateCorrect() / total.getCandidateLabeled(),
                total.getServing(),
                100.0 * total.getServingCorrect() / total.getServingLabeled(),
                total.getCandidateLabeled(),
                agreement);
    }
}
