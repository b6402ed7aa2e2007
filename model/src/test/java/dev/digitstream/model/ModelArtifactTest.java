package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelArtifactTest {

    private static MultiLayerNetwork network;
    private static INDArray input;

    @BeforeAll
    static void buildNetwork() {
        network = LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 42));
        final Random random = new Random(1);
        final byte[] a = new byte[784];
        final byte[] b = new byte[784];
        random.nextBytes(a);
        random.nextBytes(b);
        input = ImageSequences.toSequences(List.of(a, b));
    }

    @Test
    void shouldRestoreANetworkWithIdenticalOutputs() throws ModelArtifactException {
        final ModelArtifact artifact = ModelArtifact.of(network, Optional.empty());

        final MultiLayerNetwork restored = artifact.restore(Optional.empty());

        assertThat(restored.params()).isEqualTo(network.params());
        assertThat(restored.output(input)).isEqualTo(network.output(input));
    }

    @Test
    void shouldStayWellUnderOneMebibyteWithoutUpdaterState() {
        assertThat(ModelArtifact.of(network, Optional.empty()).payload().length).isLessThan(1 << 20);
    }

    @Test
    void shouldFailTheChecksumWhenOneByteIsFlipped() {
        final ModelArtifact artifact = ModelArtifact.of(network, Optional.empty());
        final byte[] tampered = artifact.payload().clone();
        tampered[tampered.length / 2] ^= 1;

        assertThatThrownBy(() -> new ModelArtifact(tampered, artifact.sha256(), null).restore(Optional.empty()))
                .isInstanceOfSatisfying(
                        ModelArtifactException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelArtifactException.Reason.CHECKSUM_MISMATCH));
    }

    @Test
    void shouldRestoreASignedArtifactWithTheRightKey() throws ModelArtifactException {
        final ModelArtifact artifact = ModelArtifact.of(network, Optional.of(new ModelSigner("s3cret")));

        assertThat(artifact.signature()).hasSize(64);
        assertThat(artifact.restore(Optional.of(new ModelSigner("s3cret"))).params())
                .isEqualTo(network.params());
    }

    @Test
    void shouldRefuseASignatureMadeWithAnotherKey() {
        final ModelArtifact artifact = ModelArtifact.of(network, Optional.of(new ModelSigner("s3cret")));

        assertThatThrownBy(() -> artifact.restore(Optional.of(new ModelSigner("other-key"))))
                .isInstanceOfSatisfying(
                        ModelArtifactException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelArtifactException.Reason.SIGNATURE_MISMATCH));
    }

    @Test
    void shouldRefuseAnUnsignedArtifactWhenSigningIsOn() {
        final ModelArtifact artifact = ModelArtifact.of(network, Optional.empty());

        assertThatThrownBy(() -> artifact.restore(Optional.of(new ModelSigner("s3cret"))))
                .isInstanceOfSatisfying(
                        ModelArtifactException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelArtifactException.Reason.SIGNATURE_MISSING));
    }

    @Test
    void shouldRefuseBytesThatAreNotAModel() {
        final byte[] garbage = "not a zip".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ModelArtifact.of(garbage, Optional.empty()).restore(Optional.empty()))
                .isInstanceOfSatisfying(
                        ModelArtifactException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelArtifactException.Reason.UNREADABLE));
    }
}
