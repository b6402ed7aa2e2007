package dev.digitstream.streamer;

import java.util.Optional;

/**
 * What an instance runs now: the serving version, and the candidate compared with it, if any. Immutable
 * and swapped whole behind one reference, so a batch sees one consistent pair.
 */
record Deployment(LoadedModel serving, LoadedModel candidate) {

    static Deployment serving(final LoadedModel serving) {
        return new Deployment(serving, null);
    }

    Optional<LoadedModel> candidateIfAny() {
        return Optional.ofNullable(candidate);
    }

    Deployment withCandidate(final LoadedModel newCandidate) {
        return new Deployment(serving, newCandidate);
    }
}
