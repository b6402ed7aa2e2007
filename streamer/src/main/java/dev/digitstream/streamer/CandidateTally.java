package dev.digitstream.streamer;

import dev.digitstream.schemas.CandidateScore;
import java.time.Instant;
import java.util.Locale;

/**
 * One task's running score of the candidate against the serving version since its last report. Used
 * by one stream thread only; sent to the judge as a {@link CandidateScore} and started afresh.
 */
final class CandidateTally {

    private final String name;
    private final long candidate;
    private final long serving;
    private final String mode;
    private long servingLabeled;
    private long servingCorrect;
    private long candidateLabeled;
    private long candidateCorrect;
    private long compared;
    private long agreed;

    CandidateTally(
            final String name, final long candidate, final long serving, final StreamerProperties.RolloutMode mode) {
        this.name = name;
        this.candidate = candidate;
        this.serving = serving;
        this.mode = mode.name().toLowerCase(Locale.ROOT);
    }

    boolean isFor(final long candidateVersion, final long servingVersion) {
        return candidate == candidateVersion && serving == servingVersion;
    }

    void servingAnswered(final boolean correct) {
        servingLabeled++;
        servingCorrect += correct ? 1 : 0;
    }

    void candidateAnswered(final boolean correct) {
        candidateLabeled++;
        candidateCorrect += correct ? 1 : 0;
    }

    void bothAnswered(final boolean sameDigit) {
        compared++;
        agreed += sameDigit ? 1 : 0;
    }

    boolean isEmpty() {
        return servingLabeled == 0 && candidateLabeled == 0 && compared == 0;
    }

    long candidate() {
        return candidate;
    }

    long serving() {
        return serving;
    }

    CandidateScore toScore(final Instant at) {
        return CandidateScore.newBuilder()
                .setName(name)
                .setCandidate(candidate)
                .setServing(serving)
                .setMode(mode)
                .setServingLabeled(servingLabeled)
                .setServingCorrect(servingCorrect)
                .setCandidateLabeled(candidateLabeled)
                .setCandidateCorrect(candidateCorrect)
                .setCompared(compared)
                .setAgreed(agreed)
                .setAt(at)
                .build();
    }
}
