package dev.digitstream.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.CandidateScore;
import dev.digitstream.schemas.InputSpec;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelMetrics;
import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.Verdict;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutViewTest {

    private static final String NAME = "mnist-lstm";
    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

    private final RolloutView view = new RolloutView(NAME);

    @Test
    void shouldShowTheCandidatesComparisonSummedAcrossInstancesWhenScoresArrive() {
        publish(1);
        publish(2);
        view.addScore(score(100, 90, 100, 95));
        view.addScore(score(100, 80, 100, 99));

        final RolloutSnapshot snapshot = view.snapshot();

        assertThat(snapshot.serving()).isEqualTo(1);
        assertThat(snapshot.candidate().version()).isEqualTo(2);
        assertThat(snapshot.candidate().labeled()).isEqualTo(200);
        assertThat(snapshot.candidate().servingAccuracy()).isEqualTo(0.85);
        assertThat(snapshot.candidate().candidateAccuracy()).isEqualTo(0.97);
        assertThat(snapshot.swaps()).singleElement().satisfies(swap -> {
            assertThat(swap.from()).isZero();
            assertThat(swap.to()).isEqualTo(1);
        });
    }

    @Test
    void shouldMarkAHotSwapWithItsDecisionWhenTheRolloutStateMovesServing() {
        publish(1);
        publish(2);
        final ModelRollout promoted = ModelRollouts.promote(
                ModelRollouts.initial(NAME, 1, AT),
                ModelRollouts.operatorDecision(2, Verdict.PROMOTED, 1, "looks good", AT.plusSeconds(5)));
        view.addModelsRecord(
                ModelKeys.rolloutKey(NAME), AvroSerde.of(ModelRollout.class).encode(promoted), AT.plusSeconds(5));

        final RolloutSnapshot snapshot = view.snapshot();

        assertThat(snapshot.serving()).isEqualTo(2);
        assertThat(snapshot.candidate()).isNull();
        assertThat(snapshot.lastDecision()).isEqualTo("v2 promoted by operator: looks good");
        assertThat(snapshot.swaps()).hasSize(2).last().satisfies(swap -> {
            assertThat(swap.from()).isEqualTo(1);
            assertThat(swap.to()).isEqualTo(2);
            assertThat(swap.at()).isEqualTo(AT.plusSeconds(5).toEpochMilli());
            assertThat(swap.how()).isEqualTo("v2 promoted by operator: looks good");
        });
    }

    private void publish(final long version) {
        final ModelVersion model = ModelVersion.newBuilder()
                .setName(NAME)
                .setVersion(version)
                .setCreatedAt(AT)
                .setFormat("dl4j-multilayer-zip/1")
                .setPayload(ByteBuffer.wrap(new byte[] {1}))
                .setSha256("00")
                .setSignature(null)
                .setMetrics(new ModelMetrics(0.97, 0.1, 1, 10.0))
                .setHyperparameters(Map.of())
                .setInputSpec(new InputSpec(28, 28, "column", 0.1, 0.3))
                .build();
        view.addModelsRecord(
                ModelKeys.artifactKey(NAME, version),
                AvroSerde.of(ModelVersion.class).encode(model),
                AT);
    }

    private static CandidateScore score(
            final long servingLabeled,
            final long servingCorrect,
            final long candidateLabeled,
            final long candidateCorrect) {
        return CandidateScore.newBuilder()
                .setName(NAME)
                .setCandidate(2)
                .setServing(1)
                .setMode("shadow")
                .setServingLabeled(servingLabeled)
                .setServingCorrect(servingCorrect)
                .setCandidateLabeled(candidateLabeled)
                .setCandidateCorrect(candidateCorrect)
                .setCompared(candidateLabeled)
                .setAgreed(candidateLabeled - 5)
                .setAt(AT)
                .build();
    }
}
