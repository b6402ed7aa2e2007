package dev.digitstream.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training settings of one model. The architecture itself is fixed by {@link LstmNetwork}.
 *
 * @param updater       gradient updater
 * @param learningRate  learning rate (ignored by AdaDelta)
 * @param batchSize     images per mini-batch
 * @param epochs        passes over the training set
 * @param seed          seed of weight initialization and shuffling, for reproducible runs
 */
public record Hyperparameters(UpdaterKind updater, double learningRate, int batchSize, int epochs, long seed) {

    public Hyperparameters {
        if (updater == null) {
            throw new IllegalArgumentException("updater is required");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
    }

    /** The settings as strings by name, as published in {@code ModelVersion.hyperparameters}. */
    public Map<String, String> asMap() {
        final Map<String, String> map = new LinkedHashMap<>();
        map.put("architecture", LstmNetwork.DESCRIPTION);
        map.put("updater", updater.cliName());
        map.put("learningRate", Double.toString(learningRate));
        map.put("batchSize", Integer.toString(batchSize));
        map.put("epochs", Integer.toString(epochs));
        map.put("seed", Long.toString(seed));
        return map;
    }
}
