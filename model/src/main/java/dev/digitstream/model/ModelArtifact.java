package dev.digitstream.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trained network as bytes: DL4J's model zip without updater state (about 0.5 MB), its SHA-256 and,
 * when a signing key is configured, its HMAC-SHA256 signature.
 *
 * @param payload   the model zip
 * @param sha256    lower-case hex SHA-256 of the payload
 * @param signature lower-case hex HMAC-SHA256 of the payload, or null when unsigned
 */
public record ModelArtifact(byte[] payload, String sha256, String signature) {

    /** The value of {@code ModelVersion.format} for this codec. */
    public static final String FORMAT = "dl4j-multilayer-zip/1";

    /** Serializes the network (no updater state), signed when a signer is given. */
    public static ModelArtifact of(final MultiLayerNetwork network, final Optional<ModelSigner> signer) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        try {
            ModelSerializer.writeModel(network, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize the network", e);
        }
        return of(out.toByteArray(), signer);
    }

    /** Wraps existing model bytes (for example a {@code model.zip} on disk), signed when a signer is given. */
    public static ModelArtifact of(final byte[] payload, final Optional<ModelSigner> signer) {
        return new ModelArtifact(
                payload, sha256Of(payload), signer.map(s -> s.sign(payload)).orElse(null));
    }

    /**
     * Checks the payload against its checksum and, when a verifier is given, its signature, then
     * restores the network. Nothing is deserialized from bytes that fail a check.
     */
    public MultiLayerNetwork restore(final Optional<ModelSigner> verifier) throws ModelArtifactException {
        final String actual = sha256Of(payload);
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new ModelArtifactException(
                    ModelArtifactException.Reason.CHECKSUM_MISMATCH,
                    "payload SHA-256 is " + actual + " but the record says " + sha256);
        }
        if (verifier.isPresent()) {
            if (signature == null) {
                throw new ModelArtifactException(
                        ModelArtifactException.Reason.SIGNATURE_MISSING,
                        "the model is unsigned but a signing key is configured");
            }
            if (!verifier.get().verify(payload, signature)) {
                throw new ModelArtifactException(
                        ModelArtifactException.Reason.SIGNATURE_MISMATCH,
                        "the signature does not match the configured signing key");
            }
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(payload), false);
        } catch (IOException | RuntimeException e) {
            throw new ModelArtifactException(
                    ModelArtifactException.Reason.UNREADABLE,
                    "the payload is not a readable DL4J model: " + e.getMessage(),
                    e);
        }
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public static String sha256Of(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
