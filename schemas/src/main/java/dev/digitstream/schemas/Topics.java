package dev.digitstream.schemas;

/** Default names of the topics every component agrees on; each one can be overridden by configuration. */
public final class Topics {

    /** Input images, {@link DigitImage} values keyed by image id. */
    public static final String IMAGES = "digits.in";

    /** Predictions, {@link DigitPrediction} values keyed by image id. */
    public static final String PREDICTIONS = "digits.predicted";

    /** Model versions, {@link ModelVersion} values keyed by model name; compacted, one partition. */
    public static final String MODELS = "digits.models";

    /** Rejected input, {@link DeadLetter} values keyed by the original key. */
    public static final String DEAD_LETTERS = "digits.dead-letter";

    private Topics() {
    }
}
