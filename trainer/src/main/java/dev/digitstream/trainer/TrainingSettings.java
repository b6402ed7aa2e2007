package dev.digitstream.trainer;

import dev.digitstream.model.Hyperparameters;
import dev.digitstream.model.UpdaterKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that decides how a model is trained.
 *
 * @param hyperparameters   updater, learning rate, batch size, epochs, seed
 * @param learningRateDecay factor applied to the learning rate after each epoch (1 = constant); AdaDelta
 *                          has no learning rate and ignores it
 */
record TrainingSettings(Hyperparameters hyperparameters, double learningRateDecay) {

    TrainingSettings {
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learning-rate decay must be in (0, 1], got " + learningRateDecay);
        }
    }

    /** True when the updater has a learning rate that the decay changes. */
    boolean decays() {
        return learningRateDecay != 1 && hyperparameters.updater() != UpdaterKind.ADADELTA;
    }

    /** The learning rate for a 1-based epoch. */
    double learningRate(final int epoch) {
        return hyperparameters.learningRate() * Math.pow(learningRateDecay, epoch - 1);
    }

    /** The settings by name, as published with the model. */
    Map<String, String> asMap() {
        final Map<String, String> map = new LinkedHashMap<>(hyperparameters.asMap());
        map.put("learningRateDecay", Double.toString(learningRateDecay));
        return map;
    }
}
