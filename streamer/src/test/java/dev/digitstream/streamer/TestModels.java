package dev.digitstream.streamer;

import dev.digitstream.model.Hyperparameters;
import dev.digitstream.model.ImageSequences;
import dev.digitstream.model.LstmNetwork;
import dev.digitstream.model.ModelArtifact;
import dev.digitstream.model.ModelSigner;
import dev.digitstream.model.UpdaterKind;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.InputSpec;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelMetrics;
import dev.digitstream.schemas.ModelVersion;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Model versions for tests: untrained networks of the real architecture, and broken ones. */
final class TestModels {

    static final String NAME = ModelKeys.DEFAULT_MODEL_NAME;
    static final AvroSerde<ModelVersion> SERDE = AvroSerde.of(ModelVersion.class);
    static final Hyperparameters HYPERPARAMETERS = new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 42);

    private TestModels() {}

    /** A freshly initialized network of the real architecture (untrained: its answers are arbitrary). */
    static MultiLayerNetwork untrained() {
        return LstmNetwork.build(HYPERPARAMETERS);
    }

    /**
     * A copy of the network whose answers are shifted by {@code by} digits: it says {@code (d + by) % 10}
     * wherever the original says {@code d}, so a test knows exactly how much worse or better it is.
     */
    static MultiLayerNetwork shifted(final MultiLayerNetwork network, final int by) {
        final MultiLayerNetwork copy = network.clone();
        final int output = copy.getnLayers() - 1;
        for (final String param : new String[] {"W", "b"}) {
            final INDArray original = copy.getLayer(output).getParam(param).dup();
            final INDArray rolled = original.dup();
            final int classes = (int) original.size(original.rank() - 1);
            for (int j = 0; j < classes; j++) {
                if (original.rank() == 1) {
                    rolled.putScalar((j + by) % classes, original.getDouble(j));
                } else {
                    rolled.putColumn((j + by) % classes, original.getColumn(j));
                }
            }
            copy.getLayer(output).setParam(param, rolled);
        }
        return copy;
    }

    /** A network that gives 5 classes instead of 10. */
    static MultiLayerNetwork fiveClasses() {
        final MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1)
                .list()
                .layer(new LastTimeStep(new LSTM.Builder()
                        .nIn(ImageSequences.FEATURES)
                        .nOut(8)
                        .activation(Activation.TANH)
                        .build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(8)
                        .nOut(5)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.recurrent(ImageSequences.FEATURES, ImageSequences.STEPS, RNNFormat.NCW))
                .build());
        network.init();
        return network;
    }

    static ModelVersion version(
            final MultiLayerNetwork network, final long version, final Optional<ModelSigner> signer) {
        return version(ModelArtifact.of(network, signer), version, false, 0.9);
    }

    static ModelVersion version(
            final ModelArtifact artifact, final long version, final boolean rollback, final double testAccuracy) {
        return ModelVersion.newBuilder()
                .setName(NAME)
                .setVersion(version)
                .setCreatedAt(Instant.now())
                .setFormat(ModelArtifact.FORMAT)
                .setPayload(ByteBuffer.wrap(artifact.payload()))
                .setSha256(artifact.sha256())
                .setSignature(artifact.signature())
                .setMetrics(ModelMetrics.newBuilder()
                        .setTestAccuracy(testAccuracy)
                        .setTestLoss(0.5)
                        .setEpochs(1)
                        .setTrainSeconds(1.0)
                        .build())
                .setHyperparameters(HYPERPARAMETERS.asMap())
                .setInputSpec(ImageSequences.inputSpec())
                .setRollback(rollback)
                .build();
    }

    static ModelVersion withSha256(final ModelVersion version, final String sha256) {
        return ModelVersion.newBuilder(version).setSha256(sha256).build();
    }

    static ModelVersion withInputSpec(final ModelVersion version, final InputSpec spec) {
        return ModelVersion.newBuilder(version).setInputSpec(spec).build();
    }

    static ModelVersion asVersion(final ModelVersion version, final long number, final boolean rollback) {
        return ModelVersion.newBuilder(version)
                .setVersion(number)
                .setRollback(rollback)
                .build();
    }

    static byte[] encode(final ModelVersion version) {
        return SERDE.encode(version);
    }
}
