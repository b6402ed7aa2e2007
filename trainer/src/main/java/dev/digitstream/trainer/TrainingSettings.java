package dev.digitstream.trainer;

import dev.digitstream.model.Hyperparameters;
import dev.digitstream.model.UpdaterKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything that decides how a model is trained.
 *
 * @param hyperparameters   updater, learning rate, batch size, epochs, seed
 * @param learningRateDecay factor applied to the learning rate after each epoch (1 = constant); AdaDelta
 *                          has no learning rate and ignores it
 * @param engine            what computes the training steps
 * @param threads           the fast engine's worker threads, or DL4J's native threads; the fast engine's
 *                          result does not depend on it
 * @param targetAccuracy    stop at the first evaluation whose test accuracy reaches this, if present
 * @param evaluateEvery     with a target: evaluate every this many batches, besides each epoch's end
 * @param weightAveraging   the fast engine's averaging decay (0: off): it evaluates and keeps a moving
 *                          average of the weights over the steps
 */
record TrainingSettings(
        Hyperparameters hyperparameters,
        double learningRateDecay,
        TrainingEngine.Engine engine,
        int threads,
        OptionalDouble targetAccuracy,
        int evaluateEvery,
        double weightAveraging) {

    /** Evaluations with a target: every 100 batches of 128 is every 12,800 images, ~4 s of training on 2 cores. */
    static final int DEFAULT_EVALUATE_EVERY = 100;

    static final double DEFAULT_WEIGHT_AVERAGING = 0.999;

    TrainingSettings {
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learning-rate decay must be in (0, 1], got " + learningRateDecay);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (evaluateEvery < 1) {
            throw new IllegalArgumentException("evaluate-every must be >= 1 batch, got " + evaluateEvery);
        }
        if (targetAccuracy.isPresent() && !(targetAccuracy.getAsDouble() > 0 && targetAccuracy.getAsDouble() <= 1)) {
            throw new IllegalArgumentException(
                    "target accuracy must be in (0, 1], got " + targetAccuracy.getAsDouble());
        }
        if (!(weightAveraging >= 0 && weightAveraging < 1)) {
            throw new IllegalArgumentException("weight averaging must be in [0, 1), got " + weightAveraging);
        }
        if (weightAveraging > 0 && engine != TrainingEngine.Engine.FAST) {
            throw new IllegalArgumentException("weight averaging needs the fast engine");
        }
        if (engine == TrainingEngine.Engine.FAST && hyperparameters.updater() != UpdaterKind.ADAM) {
            throw new IllegalArgumentException("the fast engine trains with adam only; --engine dl4j trains with "
                    + hyperparameters.updater().cliName());
        }
    }

    /** The defaults for these hyperparameters: {@link #defaultEngine}, every core, no target, its weight averaging. */
    TrainingSettings(final Hyperparameters hyperparameters, final double learningRateDecay) {
        this(
                hyperparameters,
                learningRateDecay,
                defaultEngine(hyperparameters.updater()),
                defaultThreads(defaultEngine(hyperparameters.updater())),
                OptionalDouble.empty(),
                DEFAULT_EVALUATE_EVERY,
                defaultWeightAveraging(defaultEngine(hyperparameters.updater())));
    }

    /**
     * 0.999 for the fast engine (its decay warms up, so over 8 epochs the average covers about the last tenth
     * of the steps): measured +0.8 points after epoch 1 and a best of 99.01% instead of 98.93% (BENCHMARKS.md).
     */
    static double defaultWeightAveraging(final TrainingEngine.Engine engine) {
        return engine == TrainingEngine.Engine.FAST ? DEFAULT_WEIGHT_AVERAGING : 0;
    }

    /** The fast engine where it can (Adam), DL4J for the other updaters. */
    static TrainingEngine.Engine defaultEngine(final UpdaterKind updater) {
        return updater == UpdaterKind.ADAM ? TrainingEngine.Engine.FAST : TrainingEngine.Engine.DL4J;
    }

    /** Every core for the fast engine; one ND4J thread for DL4J, 2.5-3.3x faster than two on 2 cores (DESIGN.md). */
    static int defaultThreads(final TrainingEngine.Engine engine) {
        return engine == TrainingEngine.Engine.FAST ? Runtime.getRuntime().availableProcessors() : 1;
    }

    /** True when the updater has a learning rate that the decay changes. */
    boolean decays() {
        return learningRateDecay != 1 && hyperparameters.updater() != UpdaterKind.ADADELTA;
    }

    /** The learning rate for a 1-based epoch. */
    double learningRate(final int epoch) {
        return decays()
                ? hyperparameters.learningRate() * Math.pow(learningRateDecay, epoch - 1)
                : hyperparameters.learningRate();
    }

    /** The settings by name, as published with the model: what decides the result (threads do not). */
    Map<String, String> asMap() {
        final Map<String, String> map = new LinkedHashMap<>(hyperparameters.asMap());
        map.put("learningRateDecay", Double.toString(learningRateDecay));
        map.put("engine", engine.cliName());
        if (weightAveraging > 0) {
            map.put("weightAveraging", Double.toString(weightAveraging));
        }
        targetAccuracy.ifPresent(target -> map.put("targetAccuracy", Double.toString(target)));
        return map;
    }
}
