package dev.digitstream.model;

/** A model artifact that must not be served: corrupt, tampered with, unsigned where a signature is required, or unreadable. */
public final class ModelArtifactException extends Exception {

    /** What is wrong with the artifact. */
    public enum Reason {
        CHECKSUM_MISMATCH,
        SIGNATURE_MISSING,
        SIGNATURE_MISMATCH,
        UNREADABLE,
        WRONG_SHAPE
    }

    private final Reason reason;

    public ModelArtifactException(final Reason reason, final String message) {
        this(reason, message, null);
    }

    public ModelArtifactException(final Reason reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
