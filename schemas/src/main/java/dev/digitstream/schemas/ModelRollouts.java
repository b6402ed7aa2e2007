package dev.digitstream.schemas;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The transitions of a {@link ModelRollout}: each returns the next state, whole, with the decision
 * appended. The streamers' judge and the operators' commands both write through here, so a state
 * means the same whoever wrote it.
 */
public final class ModelRollouts {

    /** Decisions kept in a state record: enough for an operator's history, small enough to stay compact. */
    public static final int DECISIONS_KEPT = 20;

    public static final String JUDGE = "judge";
    public static final String OPERATOR = "operator";

    private ModelRollouts() {}

    /** The state before any decision: the first version serves, nothing else is decided. */
    public static ModelRollout initial(final String name, final long serving, final Instant at) {
        return ModelRollout.newBuilder()
                .setName(name)
                .setServing(serving)
                .setDecidedThrough(serving)
                .setDecisions(new ArrayList<>())
                .setUpdatedAt(at)
                .build();
    }

    /** The candidate serves from now on; every version up to it is decided. */
    public static ModelRollout promote(final ModelRollout current, final RolloutDecision decision) {
        return next(
                current, decision.getVersion(), Math.max(current.getDecidedThrough(), decision.getVersion()), decision);
    }

    /** The candidate will not serve; serving stays as it is. */
    public static ModelRollout reject(final ModelRollout current, final RolloutDecision decision) {
        return next(
                current, current.getServing(), Math.max(current.getDecidedThrough(), decision.getVersion()), decision);
    }

    /**
     * An operator moves serving to an earlier (or any existing) version; a shadowed candidate stays
     * undecided, so it is compared with the version now serving.
     */
    public static ModelRollout rollBack(final ModelRollout current, final RolloutDecision decision) {
        return next(current, decision.getVersion(), current.getDecidedThrough(), decision);
    }

    /** The state's most recent decision, if it lists any. */
    public static Optional<RolloutDecision> lastDecision(final ModelRollout state) {
        final List<RolloutDecision> decisions = state.getDecisions();
        return decisions.isEmpty() ? Optional.empty() : Optional.of(decisions.get(decisions.size() - 1));
    }

    /** The state's most recent decision about the version, if it still lists one. */
    public static Optional<RolloutDecision> lastDecision(final ModelRollout state, final long version) {
        final List<RolloutDecision> decisions = state.getDecisions();
        for (int i = decisions.size() - 1; i >= 0; i--) {
            if (decisions.get(i).getVersion() == version) {
                return Optional.of(decisions.get(i));
            }
        }
        return Optional.empty();
    }

    /** A decision record with no live evidence, as an operator makes it. */
    public static RolloutDecision operatorDecision(
            final long version, final Verdict verdict, final long against, final String reason, final Instant at) {
        return RolloutDecision.newBuilder()
                .setVersion(version)
                .setVerdict(verdict)
                .setDecidedBy(OPERATOR)
                .setReason(reason)
                .setAgainst(against)
                .setAt(at)
                .build();
    }

    private static ModelRollout next(
            final ModelRollout current, final long serving, final long decidedThrough, final RolloutDecision decision) {
        final List<RolloutDecision> decisions = new ArrayList<>(current.getDecisions());
        decisions.add(decision);
        while (decisions.size() > DECISIONS_KEPT) {
            decisions.remove(0);
        }
        return ModelRollout.newBuilder(current)
                .setServing(serving)
                .setDecidedThrough(decidedThrough)
                .setDecisions(decisions)
                .setUpdatedAt(decision.getAt())
                .build();
    }
}
