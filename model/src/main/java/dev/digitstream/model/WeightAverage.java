package dev.digitstream.model;

import java.util.List;

/**
 * An exponential moving average of the weights over the training steps (Polyak averaging): the
 * averaged weights generalize better than the last step's, which move with each batch. The decay
 * warms up, {@code min(decay, (1 + t) / (10 + t))} at step {@code t}, so that the average follows the
 * fast early progress instead of dragging the initial weights along.
 */
final class WeightAverage {

    private final double decay;
    private final LstmWeights average;
    private long steps;

    /** @param decay the long-run decay, in (0, 1): 0.999 averages over about the last thousand steps */
    WeightAverage(final LstmWeights start, final double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("the averaging decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.average = start.copy();
    }

    /** Moves the average towards the weights after one more step. */
    void update(final LstmWeights weights) {
        steps++;
        final float stepDecay = (float) Math.min(decay, (1.0 + steps) / (10.0 + steps));
        final float share = 1 - stepDecay;
        final List<float[]> averaged = average.arrays();
        final List<float[]> current = weights.arrays();
        for (int a = 0; a < averaged.size(); a++) {
            final float[] to = averaged.get(a);
            final float[] from = current.get(a);
            for (int j = 0; j < to.length; j++) {
                to[j] = Math.fma(stepDecay, to[j], share * from[j]);
            }
        }
    }

    LstmWeights weights() {
        return average;
    }
}
