package dev.digitstream.streamer;

import dev.digitstream.schemas.DigitPrediction;
import java.util.List;

/** Checks on the order of one partition's predictions. */
final class PredictionOrder {

    private PredictionOrder() {}

    /** True when no prediction after the first one by {@code version} names another version. */
    static boolean neverBackFrom(final long version, final List<DigitPrediction> inOrder) {
        boolean seen = false;
        for (final DigitPrediction prediction : inOrder) {
            if (prediction.getModelVersion() == version) {
                seen = true;
            } else if (seen) {
                return false;
            }
        }
        return true;
    }
}
