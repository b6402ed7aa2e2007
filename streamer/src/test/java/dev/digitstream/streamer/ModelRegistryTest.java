package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.Verdict;
import dev.digitstream.streamer.StreamerProperties.RolloutMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** The registry on its own: what a reader on another thread may see while a rollout state is applied. */
class ModelRegistryTest {

    private static final Instant AT = Instant.parse("2026-11-30T00:00:00Z");

    private final ModelRegistry registry = new ModelRegistry(
            TestModels.NAME,
            RolloutMode.SHADOW,
            ModelLoader.forSigningKey("", Clock.systemUTC()),
            new StreamerMetrics(new SimpleMeterRegistry()),
            Clock.systemUTC());

    @Test
    void shouldShowARolloutStateOnlyOnceTheDeploymentReflectsItWhenItPromotesAStoredVersion() {
        final MultiLayerNetwork network = TestModels.untrained();
        final ModelVersion v1 = TestModels.version(network, 1, Optional.empty());
        final ModelVersion v2 = TestModels.version(network, 2, Optional.empty());
        registry.offer(v1);
        final ModelRollout promotion = ModelRollouts.promote(
                ModelRollouts.initial(TestModels.NAME, 1, AT),
                ModelRollouts.operatorDecision(2, Verdict.PROMOTED, 1, "test", AT));
        final List<Optional<ModelRollout>> seenWhileLoading = new ArrayList<>();

        registry.apply(promotion, version -> {
            seenWhileLoading.add(registry.rollout());
            return version == 2 ? Optional.of(v2) : Optional.empty();
        });

        assertThat(seenWhileLoading).containsExactly(Optional.empty());
        assertThat(registry.current())
                .hasValueSatisfying(serving -> assertThat(serving.version()).isEqualTo(2));
        assertThat(registry.rollout()).hasValue(promotion);
    }

    @Test
    void shouldDropADecidedCandidateBeforeItsRejectionIsVisibleWhenARejectionIsApplied() {
        final MultiLayerNetwork network = TestModels.untrained();
        registry.offer(TestModels.version(network, 1, Optional.empty()));
        registry.offer(TestModels.version(network, 2, Optional.empty()));
        assertThat(registry.deployment().flatMap(Deployment::candidateIfAny)).isPresent();
        final ModelRollout rejection = ModelRollouts.reject(
                ModelRollouts.initial(TestModels.NAME, 1, AT),
                ModelRollouts.operatorDecision(2, Verdict.REJECTED, 1, "test", AT));

        registry.apply(rejection, version -> Optional.empty());

        assertThat(registry.deployment().flatMap(Deployment::candidateIfAny)).isEmpty();
        assertThat(registry.rollout()).hasValue(rejection);
    }
}
