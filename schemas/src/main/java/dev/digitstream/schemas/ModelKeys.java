package dev.digitstream.schemas;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model names and the keys that records about them carry on the models topic. Each version is its own
 * key, so compaction never erases one version by publishing another, and the rollout state of a name
 * has a key of its own:
 * <ul>
 *   <li>{@code <name>/v<version>}: a {@link ModelVersion} artifact;</li>
 *   <li>{@code <name>/rollout}: the {@link ModelRollout} state (which version serves);</li>
 *   <li>{@code <name>}: an artifact published before versions had keys of their own (still read).</li>
 * </ul>
 */
public final class ModelKeys {

    /** The model name that the trainer publishes under and the streamer serves, unless configured otherwise. */
    public static final String DEFAULT_MODEL_NAME = "mnist-lstm";

    private static final String ROLLOUT_SUFFIX = "/rollout";
    private static final Pattern ARTIFACT = Pattern.compile("(.+)/v(\\d+)");

    private ModelKeys() {}

    public static String artifactKey(final String name, final long version) {
        return name + "/v" + version;
    }

    public static String rolloutKey(final String name) {
        return name + ROLLOUT_SUFFIX;
    }

    /** The key of a candidate's scores against one serving version on the rollout topic. */
    public static String scoreKey(final String name, final long candidate, final long serving) {
        return name + "/v" + candidate + "/v" + serving;
    }

    /** What a key on the models topic refers to; empty for a null key. */
    public static Optional<Key> parse(final String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        if (key.endsWith(ROLLOUT_SUFFIX)) {
            return Optional.of(new Key(key.substring(0, key.length() - ROLLOUT_SUFFIX.length()), Kind.ROLLOUT, 0));
        }
        final Matcher artifact = ARTIFACT.matcher(key);
        if (artifact.matches()) {
            return Optional.of(new Key(artifact.group(1), Kind.ARTIFACT, Long.parseLong(artifact.group(2))));
        }
        return Optional.of(new Key(key, Kind.LEGACY_ARTIFACT, 0));
    }

    /** The kinds of record on the models topic. */
    public enum Kind {
        /** A {@link ModelVersion} under its own key. */
        ARTIFACT,
        /** A {@link ModelVersion} keyed by its name alone, as published before rollouts existed. */
        LEGACY_ARTIFACT,
        /** The {@link ModelRollout} state of the name. */
        ROLLOUT
    }

    /**
     * A parsed key.
     *
     * @param name    the model name
     * @param kind    what the record is
     * @param version the version for {@link Kind#ARTIFACT}, else 0 (a legacy artifact's version is in its value)
     */
    public record Key(String name, Kind kind, long version) {

        public boolean isArtifact() {
            return kind != Kind.ROLLOUT;
        }
    }
}
