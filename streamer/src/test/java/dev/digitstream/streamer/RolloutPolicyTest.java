package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.schemas.CandidateScore;
import dev.digitstream.schemas.Verdict;
import dev.digitstream.streamer.StreamerProperties.UnlabeledPolicy;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RolloutPolicyTest {

    private static final RolloutPolicy POLICY = new RolloutPolicy(2000, 300, 0.005, UnlabeledPolicy.HOLD, 0.97);

    @Test
    void shouldWaitWhenTheCandidateHasFewerThanMinLabeledImagesAndIsNotClearlyWorse() {
        assertThat(POLICY.judge(score(1999, 0.985, 1999, 0.99))).isEmpty();
    }

    @Test
    void shouldPromoteWhenTheCandidateIsWithinTheToleranceAtMinLabeled() {
        assertThat(POLICY.judge(score(2000, 0.986, 2000, 0.99)))
                .hasValueSatisfying(j -> assertThat(j.verdict()).isEqualTo(Verdict.PROMOTED));
    }

    @Test
    void shouldRejectWhenTheCandidateIsWorseThanTheToleranceAtMinLabeled() {
        assertThat(POLICY.judge(score(2000, 0.98, 2000, 0.99))).hasValueSatisfying(j -> {
            assertThat(j.verdict()).isEqualTo(Verdict.REJECTED);
            assertThat(j.reason()).contains("98.00%").contains("99.00%").contains("2,000 labeled images");
        });
    }

    @Test
    void shouldRejectEarlyWhenTheCandidateIsClearlyWorse() {
        assertThat(POLICY.judge(score(300, 0.60, 300, 0.95)))
                .hasValueSatisfying(j -> assertThat(j.reason()).startsWith("clearly worse"));
    }

    @Test
    void shouldNotRejectEarlyWhenTheGapIsWithinTheNoise() {
        assertThat(POLICY.judge(score(300, 0.95, 300, 0.97))).isEmpty();
    }

    @Test
    void shouldDecideNothingWithoutLabelsWhenThePolicyIsHold() {
        assertThat(POLICY.judge(unlabeled(10_000, 10_000))).isEmpty();
    }

    @Test
    void shouldRejectOnLowAgreementWithoutLabelsWhenThePolicyIsAgreement() {
        final RolloutPolicy agreement = new RolloutPolicy(2000, 300, 0.005, UnlabeledPolicy.AGREEMENT, 0.97);

        assertThat(agreement.judge(unlabeled(2000, 1800)))
                .hasValueSatisfying(j -> assertThat(j.verdict()).isEqualTo(Verdict.REJECTED));
        assertThat(agreement.judge(unlabeled(2000, 1990)))
                .hasValueSatisfying(j -> assertThat(j.verdict()).isEqualTo(Verdict.PROMOTED));
        assertThat(agreement.judge(unlabeled(1999, 1999))).isEmpty();
    }

    private static CandidateScore score(
            final long candidateLabeled,
            final double candidateAccuracy,
            final long servingLabeled,
            final double servingAccuracy) {
        return CandidateScore.newBuilder()
                .setName("m")
                .setCandidate(2)
                .setServing(1)
                .setMode("shadow")
                .setCandidateLabeled(candidateLabeled)
                .setCandidateCorrect(Math.round(candidateLabeled * candidateAccuracy))
                .setServingLabeled(servingLabeled)
                .setServingCorrect(Math.round(servingLabeled * servingAccuracy))
                .setCompared(candidateLabeled)
                .setAgreed(candidateLabeled)
                .setAt(Instant.EPOCH)
                .build();
    }

    private static CandidateScore unlabeled(final long compared, final long agreed) {
        return CandidateScore.newBuilder()
                .setName("m")
                .setCandidate(2)
                .setServing(1)
                .setMode("shadow")
                .setCandidateLabeled(0)
                .setCandidateCorrect(0)
                .setServingLabeled(0)
                .setServingCorrect(0)
                .setCompared(compared)
                .setAgreed(agreed)
                .setAt(Instant.EPOCH)
                .build();
    }
}
