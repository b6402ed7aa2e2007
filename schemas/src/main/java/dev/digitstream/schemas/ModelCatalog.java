package dev.digitstream.schemas;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the models topic says, folded in topic order: every version still on it and each name's rollout
 * state, with the stage each version is in. The publisher (next version number, retention), the
 * operators' commands and the tests read the topic through it. The streamer folds the same records in
 * its {@code ModelRegistry}, which also loads and checks each version before it may serve.
 */
public final class ModelCatalog {

    private static final AvroSerde<ModelVersion> VERSIONS = AvroSerde.of(ModelVersion.class);
    private static final AvroSerde<ModelRollout> ROLLOUTS = AvroSerde.of(ModelRollout.class);

    private final Map<String, NavigableMap<Long, StoredVersion>> versions = new TreeMap<>();
    private final Map<String, ModelRollout> rollouts = new TreeMap<>();
    private int undecodable;

    /** Adds one record of the topic, in topic order; a null value is a tombstone. */
    public void add(final String key, final byte[] value) {
        final Optional<ModelKeys.Key> parsed = ModelKeys.parse(key);
        if (parsed.isEmpty()) {
            undecodable++;
            return;
        }
        final ModelKeys.Key k = parsed.get();
        if (k.kind() == ModelKeys.Kind.ROLLOUT) {
            if (value == null) {
                rollouts.remove(k.name());
            } else {
                decode(() -> rollouts.put(k.name(), ROLLOUTS.decode(value)));
            }
            return;
        }
        final NavigableMap<Long, StoredVersion> byVersion = versions.computeIfAbsent(k.name(), name -> new TreeMap<>());
        if (value == null) {
            byVersion.values().removeIf(stored -> stored.key().equals(key));
            return;
        }
        decode(() -> {
            final ModelVersion version = VERSIONS.decode(value);
            byVersion.values().removeIf(stored -> stored.key().equals(key));
            byVersion.put(version.getVersion(), new StoredVersion(key, version));
        });
    }

    private void decode(final Runnable decoding) {
        try {
            decoding.run();
        } catch (RecordDecodingException e) {
            undecodable++;
        }
    }

    /** Model names with at least one version or a rollout state. */
    public Set<String> names() {
        final TreeMap<String, Boolean> names = new TreeMap<>();
        versions.keySet().forEach(name -> names.put(name, true));
        rollouts.keySet().forEach(name -> names.put(name, true));
        return Collections.unmodifiableSet(names.keySet());
    }

    /** Every version of the name still on the topic, by version. */
    public NavigableMap<Long, StoredVersion> versions(final String name) {
        return Collections.unmodifiableNavigableMap(versions.getOrDefault(name, new TreeMap<>()));
    }

    /** The highest version ever recorded for the name: on the topic, served or decided; 0 when none. */
    public long latestVersion(final String name) {
        final NavigableMap<Long, StoredVersion> stored = versions(name);
        long latest = stored.isEmpty() ? 0 : stored.lastKey();
        final Optional<ModelRollout> rollout = rollout(name);
        if (rollout.isPresent()) {
            latest = Math.max(
                    latest, Math.max(rollout.get().getServing(), rollout.get().getDecidedThrough()));
        }
        return latest;
    }

    public Optional<ModelRollout> rollout(final String name) {
        return Optional.ofNullable(rollouts.get(name));
    }

    /**
     * The version that serves: the rollout state's, or, before any decision, the oldest version on the
     * topic (the first version serves at once); 0 when there is none.
     */
    public long serving(final String name) {
        final Optional<ModelRollout> rollout = rollout(name);
        if (rollout.isPresent()) {
            return rollout.get().getServing();
        }
        final NavigableMap<Long, StoredVersion> stored = versions(name);
        return stored.isEmpty() ? 0 : stored.firstKey();
    }

    /** The version being compared with serving, if any: the newest undecided version above it. */
    public Optional<Long> candidate(final String name) {
        final long decidedThrough =
                rollout(name).map(ModelRollout::getDecidedThrough).orElse(serving(name));
        final NavigableMap<Long, StoredVersion> stored = versions(name);
        return stored.isEmpty() || stored.lastKey() <= decidedThrough
                ? Optional.empty()
                : Optional.of(stored.lastKey());
    }

    /** Where the version stands in the rollout. */
    public Stage stage(final String name, final long version) {
        if (version == serving(name)) {
            return Stage.SERVING;
        }
        if (candidate(name).filter(candidate -> candidate == version).isPresent()) {
            return Stage.CANDIDATE;
        }
        final Optional<RolloutDecision> decision = lastDecision(name, version);
        if (decision.isPresent()) {
            return decision.get().getVerdict() == Verdict.REJECTED ? Stage.REJECTED : Stage.RETIRED;
        }
        final boolean servedEarlier = rollout(name).map(ModelRollout::getDecisions).orElse(List.of()).stream()
                .anyMatch(d -> d.getAgainst() == version);
        return servedEarlier ? Stage.RETIRED : Stage.SUPERSEDED;
    }

    /** The most recent decision about the version, if the rollout state still lists one. */
    public Optional<RolloutDecision> lastDecision(final String name, final long version) {
        return rollout(name).flatMap(state -> ModelRollouts.lastDecision(state, version));
    }

    /**
     * The keys of the name's artifacts to delete so that only the newest {@code keep} remain, never the
     * serving version or the candidate.
     */
    public List<String> keysBeyond(final String name, final int keep) {
        final long serving = serving(name);
        final Optional<Long> candidate = candidate(name);
        return versions(name).descendingMap().values().stream()
                .skip(keep)
                .filter(stored -> stored.version().getVersion() != serving)
                .filter(stored -> candidate
                        .filter(c -> c == stored.version().getVersion())
                        .isEmpty())
                .map(StoredVersion::key)
                .toList();
    }

    /** Records that were not a model version or rollout state this code can read. */
    public int undecodable() {
        return undecodable;
    }

    /** Where a version stands. */
    public enum Stage {
        /** Every instance serves it. */
        SERVING,
        /** Compared with serving on live traffic until the judge or an operator decides. */
        CANDIDATE,
        /** Decided against; it will not serve unless an operator rolls back to it. */
        REJECTED,
        /** Served earlier and was replaced. */
        RETIRED,
        /** Never compared: a newer version was published before it was decided, or it was refused. */
        SUPERSEDED
    }

    /**
     * A version as stored on the topic.
     *
     * @param key     its record key ({@code <name>/v<version>}, or the bare name for a legacy record)
     * @param version the record
     */
    public record StoredVersion(String key, ModelVersion version) {}
}
