package dev.digitstream.streamer;

import dev.digitstream.model.Classification;
import dev.digitstream.model.Classifier;
import dev.digitstream.model.ImageSequences;
import dev.digitstream.model.LstmNetwork;
import dev.digitstream.model.ModelArtifact;
import dev.digitstream.model.ModelArtifactException;
import dev.digitstream.model.ModelSigner;
import dev.digitstream.schemas.AvroBytes;
import dev.digitstream.schemas.ModelVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Turns a published {@link ModelVersion} into a {@link LoadedModel}, checking everything first:
 * format, input spec, SHA-256, the HMAC signature when a key is configured, the network's input and
 * output sizes, and a smoke prediction of one blank image.
 */
final class ModelLoader {

    private static final byte[] BLANK_IMAGE = new byte[ImageSequences.PIXELS];
    private static final double PROBABILITY_SUM_TOLERANCE = 1e-3;

    private final Optional<ModelSigner> verifier;
    private final Clock clock;

    ModelLoader(final Optional<ModelSigner> verifier, final Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    /** A loader for the configured signing key: none (blank) means signatures are not checked. */
    static ModelLoader forSigningKey(final String signingKey, final Clock clock) {
        return new ModelLoader(
                signingKey == null || signingKey.isBlank()
                        ? Optional.empty()
                        : Optional.of(new ModelSigner(signingKey)),
                clock);
    }

    LoadedModel load(final ModelVersion version) throws ModelArtifactException {
        final long started = clock.millis();
        if (!ModelArtifact.FORMAT.equals(version.getFormat())) {
            throw new ModelArtifactException(
                    ModelArtifactException.Reason.UNREADABLE,
                    "format " + version.getFormat() + " is not " + ModelArtifact.FORMAT);
        }
        if (!ImageSequences.matches(version.getInputSpec())) {
            throw new ModelArtifactException(
                    ModelArtifactException.Reason.WRONG_SHAPE,
                    "input spec " + version.getInputSpec() + " does not match this server's transform "
                            + ImageSequences.inputSpec());
        }
        final ModelArtifact artifact =
                new ModelArtifact(AvroBytes.toArray(version.getPayload()), version.getSha256(), version.getSignature());
        final MultiLayerNetwork network = artifact.restore(verifier);
        checkShape(network);
        final Classifier classifier;
        try {
            classifier = new Classifier(network);
        } catch (RuntimeException e) {
            throw new ModelArtifactException(
                    ModelArtifactException.Reason.WRONG_SHAPE,
                    "the network is not the serving architecture: " + e.getMessage(),
                    e);
        }
        smokeTest(classifier);
        return new LoadedModel(info(version, started), classifier);
    }

    /**
     * Loads the version {@code times} more times and drops the results, so that the next version's load,
     * a hot swap on the cores the stream threads need, runs compiled code: in a fresh JVM the second load
     * took 69 ms of CPU, the sixth and later 22-30, the fortieth ~11 (BENCHMARKS.md, "Issue 13, the night
     * session" and "2026-11-30 (fifth session)"). Only speed depends on it, so a failure ends it quietly:
     * the load that served the version checked it.
     */
    void warmUp(final ModelVersion version, final int times) {
        try {
            for (int i = 0; i < times; i++) {
                load(version);
            }
        } catch (ModelArtifactException | RuntimeException e) {
            // Costs the next swap speed, nothing else.
        }
    }

    private static void checkShape(final MultiLayerNetwork network) throws ModelArtifactException {
        final int layers = network.getnLayers();
        final long inputs = layers == 0 ? -1 : network.layerInputSize(0);
        final long outputs = layers == 0 ? -1 : network.layerSize(layers - 1);
        if (inputs != ImageSequences.FEATURES || outputs != LstmNetwork.CLASSES) {
            throw new ModelArtifactException(
                    ModelArtifactException.Reason.WRONG_SHAPE,
                    "the network takes " + inputs + " features and gives " + outputs + " classes, expected "
                            + ImageSequences.FEATURES + " and " + LstmNetwork.CLASSES);
        }
    }

    private static void smokeTest(final Classifier classifier) throws ModelArtifactException {
        final Classification answer;
        try {
            // A list of the class the stream threads pass: a list of any other class here, on the
            // global thread, would throw away their compiled kernel (C2 hoists the list's class check
            // out of its loops), in the middle of a hot swap.
            final List<byte[]> images = new ArrayList<>(1);
            images.add(BLANK_IMAGE);
            answer = classifier.classify(images).get(0);
        } catch (RuntimeException e) {
            throw new ModelArtifactException(
                    ModelArtifactException.Reason.WRONG_SHAPE, "the smoke prediction failed: " + e.getMessage(), e);
        }
        double sum = 0;
        for (final float p : answer.probabilities()) {
            if (!Float.isFinite(p) || p < 0) {
                throw new ModelArtifactException(
                        ModelArtifactException.Reason.WRONG_SHAPE, "the smoke prediction gave a probability of " + p);
            }
            sum += p;
        }
        if (answer.probabilities().length != LstmNetwork.CLASSES || Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
            throw new ModelArtifactException(
                    ModelArtifactException.Reason.WRONG_SHAPE,
                    "the smoke prediction gave " + answer.probabilities().length + " probabilities summing to " + sum);
        }
    }

    private LoadedModel.ModelInfo info(final ModelVersion version, final long startedMillis) {
        final Instant now = clock.instant();
        return new LoadedModel.ModelInfo(
                version.getName(),
                version.getVersion(),
                version.getCreatedAt(),
                version.getFormat(),
                version.getSha256(),
                version.getSignature() != null,
                version.getRollback(),
                version.getMetrics().getTestAccuracy(),
                version.getMetrics().getTestLoss(),
                version.getMetrics().getEpochs(),
                version.getMetrics().getTrainSeconds(),
                Map.copyOf(version.getHyperparameters()),
                now,
                now.toEpochMilli() - startedMillis);
    }
}
