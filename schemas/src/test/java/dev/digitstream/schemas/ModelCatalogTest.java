package dev.digitstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private static final String NAME = "mnist-lstm";
    private static final Instant AT = Instant.parse("2026-11-29T08:00:00Z");
    private static final AvroSerde<ModelVersion> VERSIONS = AvroSerde.of(ModelVersion.class);
    private static final AvroSerde<ModelRollout> ROLLOUTS = AvroSerde.of(ModelRollout.class);

    private final ModelCatalog catalog = new ModelCatalog();

    @Test
    void shouldServeTheOldestVersionAndCompareTheNewestWhenNothingIsDecided() {
        addVersion(1);
        addVersion(2);
        addVersion(3);

        assertThat(catalog.serving(NAME)).isEqualTo(1);
        assertThat(catalog.candidate(NAME)).hasValue(3L);
        assertThat(catalog.stage(NAME, 2)).isEqualTo(ModelCatalog.Stage.SUPERSEDED);
        assertThat(catalog.latestVersion(NAME)).isEqualTo(3);
    }

    @Test
    void shouldKeepEveryVersionWhenARejectedCandidateIsTheNewestRecord() {
        addVersion(1);
        addVersion(2);
        addRollout(ModelRollouts.reject(
                ModelRollouts.initial(NAME, 1, AT),
                ModelRollouts.operatorDecision(2, Verdict.REJECTED, 1, "worse", AT)));

        assertThat(catalog.versions(NAME)).containsOnlyKeys(1L, 2L);
        assertThat(catalog.serving(NAME)).isEqualTo(1);
        assertThat(catalog.candidate(NAME)).isEmpty();
        assertThat(catalog.stage(NAME, 2)).isEqualTo(ModelCatalog.Stage.REJECTED);
        assertThat(catalog.lastDecision(NAME, 2))
                .hasValueSatisfying(d -> assertThat(d.getReason()).isEqualTo("worse"));
    }

    @Test
    void shouldReadAVersionKeyedByTheBareNameWhenItWasPublishedBeforeRollouts() {
        catalog.add(NAME, VERSIONS.encode(version(4)));

        assertThat(catalog.versions(NAME)).containsOnlyKeys(4L);
        assertThat(catalog.versions(NAME).get(4L).key()).isEqualTo(NAME);
        assertThat(catalog.serving(NAME)).isEqualTo(4);
    }

    @Test
    void shouldNeverRetireTheServingVersionOrTheCandidateWhenKeepingTheNewest() {
        for (int v = 1; v <= 6; v++) {
            addVersion(v);
        }
        addRollout(ModelRollouts.promote(
                ModelRollouts.initial(NAME, 1, AT),
                ModelRollouts.operatorDecision(2, Verdict.SERVED_DIRECTLY, 1, "by hand", AT)));

        assertThat(catalog.keysBeyond(NAME, 2)).containsExactly("mnist-lstm/v4", "mnist-lstm/v3", "mnist-lstm/v1");
    }

    @Test
    void shouldForgetAVersionWhenItsTombstoneArrives() {
        addVersion(1);
        addVersion(2);

        catalog.add(ModelKeys.artifactKey(NAME, 1), null);

        assertThat(catalog.versions(NAME)).containsOnlyKeys(2L);
        assertThat(catalog.latestVersion(NAME)).isEqualTo(2);
    }

    @Test
    void shouldCountRecordsItCannotReadWhenTheTopicHoldsGarbage() {
        catalog.add(ModelKeys.artifactKey(NAME, 1), "garbage".getBytes());
        catalog.add(null, new byte[1]);

        assertThat(catalog.undecodable()).isEqualTo(2);
        assertThat(catalog.names()).containsExactly(NAME);
    }

    @Test
    void shouldParseEveryKindOfKeyWhenReadingTheTopic() {
        assertThat(ModelKeys.parse("mnist-lstm/v12")).hasValue(new ModelKeys.Key(NAME, ModelKeys.Kind.ARTIFACT, 12));
        assertThat(ModelKeys.parse("mnist-lstm/rollout")).hasValue(new ModelKeys.Key(NAME, ModelKeys.Kind.ROLLOUT, 0));
        assertThat(ModelKeys.parse("mnist-lstm")).hasValue(new ModelKeys.Key(NAME, ModelKeys.Kind.LEGACY_ARTIFACT, 0));
        assertThat(ModelKeys.parse(null)).isEmpty();
    }

    @Test
    void shouldKeepOnlyTheNewestDecisionsWhenARolloutGoesOnForLong() {
        ModelRollout state = ModelRollouts.initial(NAME, 1, AT);
        for (int v = 2; v < 2 + ModelRollouts.DECISIONS_KEPT + 5; v++) {
            state = ModelRollouts.reject(state, ModelRollouts.operatorDecision(v, Verdict.REJECTED, 1, "no", AT));
        }

        assertThat(state.getDecisions()).hasSize(ModelRollouts.DECISIONS_KEPT);
        assertThat(state.getDecidedThrough()).isEqualTo(1 + ModelRollouts.DECISIONS_KEPT + 5);
        assertThat(state.getServing()).isEqualTo(1);
        assertThat(ROLLOUTS.decode(ROLLOUTS.encode(state))).isEqualTo(state);
    }

    private void addVersion(final long version) {
        catalog.add(ModelKeys.artifactKey(NAME, version), VERSIONS.encode(version(version)));
    }

    private void addRollout(final ModelRollout state) {
        catalog.add(ModelKeys.rolloutKey(NAME), ROLLOUTS.encode(state));
    }

    private static ModelVersion version(final long version) {
        return ModelVersion.newBuilder()
                .setName(NAME)
                .setVersion(version)
                .setCreatedAt(AT)
                .setFormat("dl4j-multilayer-zip/1")
                .setPayload(ByteBuffer.wrap(new byte[] {1}))
                .setSha256("ab")
                .setSignature(null)
                .setMetrics(new ModelMetrics(0.98, 0.05, 1, 10.0))
                .setHyperparameters(Map.of())
                .setInputSpec(new InputSpec(28, 28, "column", 0.1, 0.3))
                .build();
    }
}
