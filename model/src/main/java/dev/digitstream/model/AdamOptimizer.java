package dev.digitstream.model;

import java.util.List;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam, as DL4J's {@code AdamUpdater} computes it (same defaults, same bias correction folded into the
 * step size), over weights in {@link LstmWeights}' shape: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v
 * + (1 - b2) g^2}, {@code w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)}.
 */
final class AdamOptimizer {

    private static final float BETA1 = (float) Adam.DEFAULT_ADAM_BETA1_MEAN_DECAY;
    private static final float BETA2 = (float) Adam.DEFAULT_ADAM_BETA2_VAR_DECAY;
    private static final float EPSILON = (float) Adam.DEFAULT_ADAM_EPSILON;

    private final LstmWeights mean = LstmWeights.zeros();
    private final LstmWeights variance = LstmWeights.zeros();
    private int iterations;

    /** One step: {@code weights} move against {@code gradient}. */
    void update(final LstmWeights weights, final LstmWeights gradient, final double learningRate) {
        iterations++;
        final double corrected = learningRate
                * Math.sqrt(1 - Math.pow(Adam.DEFAULT_ADAM_BETA2_VAR_DECAY, iterations))
                / (1 - Math.pow(Adam.DEFAULT_ADAM_BETA1_MEAN_DECAY, iterations));
        final float stepSize = (float) corrected;
        final List<float[]> w = weights.arrays();
        final List<float[]> g = gradient.arrays();
        final List<float[]> m = mean.arrays();
        final List<float[]> v = variance.arrays();
        for (int a = 0; a < w.size(); a++) {
            update(w.get(a), g.get(a), m.get(a), v.get(a), stepSize);
        }
    }

    private static void update(
            final float[] w, final float[] g, final float[] m, final float[] v, final float stepSize) {
        for (int j = 0; j < w.length; j++) {
            m[j] = BETA1 * m[j] + (1 - BETA1) * g[j];
            v[j] = BETA2 * v[j] + (1 - BETA2) * g[j] * g[j];
            w[j] -= stepSize * m[j] / ((float) Math.sqrt(v[j]) + EPSILON);
        }
    }
}
