package dev.digitstream.schemas;

/** Model names and the keys that records about them carry on the models topic. */
public final class ModelKeys {

    /** The model name that the trainer publishes under and the streamer serves, unless configured otherwise. */
    public static final String DEFAULT_MODEL_NAME = "mnist-lstm";

    private ModelKeys() {
    }
}
