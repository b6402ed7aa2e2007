package dev.digitstream.schemas;

/** Adding up {@link CandidateScore}s: the judge's totals and a watcher's view of them are the same sum. */
public final class CandidateScores {

    private CandidateScores() {}

    /** The two scores' counts added; name, versions and mode from {@code a}, the time from {@code b}. */
    public static CandidateScore sum(final CandidateScore a, final CandidateScore b) {
        return CandidateScore.newBuilder(a)
                .setServingLabeled(a.getServingLabeled() + b.getServingLabeled())
                .setServingCorrect(a.getServingCorrect() + b.getServingCorrect())
                .setCandidateLabeled(a.getCandidateLabeled() + b.getCandidateLabeled())
                .setCandidateCorrect(a.getCandidateCorrect() + b.getCandidateCorrect())
                .setCompared(a.getCompared() + b.getCompared())
                .setAgreed(a.getAgreed() + b.getAgreed())
                .setAt(b.getAt())
                .build();
    }
}
