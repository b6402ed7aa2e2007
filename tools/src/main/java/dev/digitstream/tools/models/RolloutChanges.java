package dev.digitstream.tools.models;

import dev.digitstream.schemas.ModelCatalog;
import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.RolloutDecision;
import dev.digitstream.schemas.Verdict;
import dev.digitstream.tools.cli.ToolException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * An operator's promotion, rejection or rollback: checked against what the topic holds, and turned into
 * the next rollout state. A request that makes no sense (an unknown version, rejecting the serving one)
 * is a {@link ToolException} with one line saying why.
 */
final class RolloutChanges {

    private final ModelCatalog catalog;
    private final String name;
    private final Instant now;

    RolloutChanges(final ModelCatalog catalog, final String name, final Instant now) {
        this.catalog = catalog;
        this.name = name;
        this.now = now;
    }

    /** Serves the version (the candidate when none is given). */
    ModelRollout promote(final Optional<Long> version, final String reason) {
        final long target = version.orElseGet(this::candidate);
        requireStored(target);
        if (target == catalog.serving(name)) {
            throw new ToolException(name + " v" + target + " is already serving");
        }
        final boolean isCandidate =
                catalog.candidate(name).filter(c -> c == target).isPresent();
        return ModelRollouts.promote(
                current(), decision(target, isCandidate ? Verdict.PROMOTED : Verdict.SERVED_DIRECTLY, reason));
    }

    /** Rejects the candidate (or the given version, which must be the candidate). */
    ModelRollout reject(final Optional<Long> version, final String reason) {
        final long candidate = candidate();
        final long target = version.orElse(candidate);
        if (target != candidate) {
            throw new ToolException(name + " v" + target + " is not the candidate (stage " + stageOf(target)
                    + "); the candidate is v" + candidate);
        }
        return ModelRollouts.reject(current(), decision(target, Verdict.REJECTED, reason));
    }

    /** Serves an earlier (or any stored) version again. */
    ModelRollout rollBack(final long target, final String reason) {
        requireStored(target);
        if (target == catalog.serving(name)) {
            throw new ToolException(name + " v" + target + " is already serving");
        }
        return ModelRollouts.rollBack(current(), decision(target, Verdict.ROLLED_BACK, reason));
    }

    private long candidate() {
        return catalog.candidate(name)
                .orElseThrow(
                        () -> new ToolException(name + " has no candidate: every version on the topic is decided"));
    }

    private void requireStored(final long version) {
        if (!catalog.versions(name).containsKey(version)) {
            throw new ToolException(name + " v" + version + " is not on the models topic (versions: "
                    + catalog.versions(name).keySet() + ")");
        }
    }

    private String stageOf(final long version) {
        return catalog.versions(name).containsKey(version)
                ? catalog.stage(name, version).name().toLowerCase(Locale.ROOT)
                : "not on the topic";
    }

    private ModelRollout current() {
        return catalog.rollout(name).orElseGet(() -> ModelRollouts.initial(name, catalog.serving(name), now));
    }

    private RolloutDecision decision(final long version, final Verdict verdict, final String reason) {
        return ModelRollouts.operatorDecision(version, verdict, catalog.serving(name), reason, now);
    }
}
