package dev.digitstream.console.draw;

import java.util.List;

/**
 * What the page shows for one drawn digit: the 28x28 image that was sent and its prediction.
 *
 * @param id              the image id on the input topic
 * @param pixels          the 784 row-major pixels sent (0 background, 255 ink)
 * @param label           the true label the user gave, or null
 * @param digit           the predicted digit
 * @param probabilities   the 10 probabilities
 * @param modelName       the model that answered
 * @param modelVersion    its version
 * @param roundTripMillis from sending to the input topic until the prediction was read back
 */
public record Answer(
        String id,
        int[] pixels,
        Integer label,
        int digit,
        List<Float> probabilities,
        String modelName,
        long modelVersion,
        double roundTripMillis) {}
