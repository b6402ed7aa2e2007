package dev.digitstream.streamer;

import dev.digitstream.schemas.CandidateScore;
import dev.digitstream.schemas.Verdict;
import dev.digitstream.streamer.StreamerProperties.UnlabeledPolicy;
import java.util.Locale;
import java.util.Optional;

/**
 * When a candidate's cluster-wide score decides it, and which way. With labels: promoted once it has
 * answered {@code minLabeled} labeled images and its accuracy is not below serving's by more than the
 * tolerance, rejected then if it is; rejected early, after {@code earlyRejectAfter}, when it is worse by
 * more than the tolerance plus three standard errors of the difference. Without labels, the
 * {@link UnlabeledPolicy} decides: hold (nothing is decided) or agreement.
 */
record RolloutPolicy(
        long minLabeled, long earlyRejectAfter, double tolerance, UnlabeledPolicy unlabeled, double minAgreement) {

    private static final double CLEARLY = 3.0;

    static RolloutPolicy of(final StreamerProperties.Rollout rollout) {
        return new RolloutPolicy(
                rollout.minLabeled(),
                rollout.earlyRejectAfter(),
                rollout.tolerance(),
                rollout.unlabeled(),
                rollout.minAgreement());
    }

    /** The verdict on a candidate's total score so far, or empty while the evidence is not enough. */
    Optional<Judgement> judge(final CandidateScore total) {
        final long candidateLabeled = total.getCandidateLabeled();
        final long servingLabeled = total.getServingLabeled();
        if (candidateLabeled > 0 && servingLabeled > 0) {
            return judgeLabeled(total);
        }
        if (unlabeled == UnlabeledPolicy.AGREEMENT && total.getCompared() >= minLabeled) {
            final double agreement = (double) total.getAgreed() / total.getCompared();
            final String evidence = String.format(
                    Locale.ROOT,
                    "agreed with serving on %s of %,d unlabeled images",
                    percent(agreement),
                    total.getCompared());
            return Optional.of(
                    agreement >= minAgreement
                            ? new Judgement(
                                    Verdict.PROMOTED, evidence + " (at least " + percent(minAgreement) + " asked)")
                            : new Judgement(
                                    Verdict.REJECTED, evidence + " (below the " + percent(minAgreement) + " asked)"));
        }
        return Optional.empty();
    }

    private Optional<Judgement> judgeLabeled(final CandidateScore total) {
        final double candidate = (double) total.getCandidateCorrect() / total.getCandidateLabeled();
        final double serving = (double) total.getServingCorrect() / total.getServingLabeled();
        final double gap = serving - candidate;
        final String evidence = String.format(
                Locale.ROOT,
                "%s against serving's %s on %,d labeled images",
                percent(candidate),
                percent(serving),
                total.getCandidateLabeled());
        final boolean enoughForEarly =
                total.getCandidateLabeled() >= earlyRejectAfter && total.getServingLabeled() >= earlyRejectAfter;
        if (enoughForEarly && gap > tolerance + CLEARLY * standardError(total, candidate, serving)) {
            return Optional.of(new Judgement(Verdict.REJECTED, "clearly worse: " + evidence));
        }
        if (total.getCandidateLabeled() < minLabeled) {
            return Optional.empty();
        }
        return Optional.of(
                gap <= tolerance
                        ? new Judgement(
                                Verdict.PROMOTED,
                                "not worse than serving by more than " + percent(tolerance) + ": " + evidence)
                        : new Judgement(
                                Verdict.REJECTED,
                                "worse than serving by more than " + percent(tolerance) + ": " + evidence));
    }

    private static double standardError(final CandidateScore total, final double candidate, final double serving) {
        return Math.sqrt(candidate * (1 - candidate) / total.getCandidateLabeled()
                + serving * (1 - serving) / total.getServingLabeled());
    }

    private static String percent(final double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    /** A verdict and why, in one line. */
    record Judgement(Verdict verdict, String reason) {}
}
