package dev.digitstream.trainer;

/**
 * How a network did on a labelled set.
 *
 * @param loss     mean cross-entropy
 * @param accuracy fraction classified correctly, 0-1
 * @param images   how many images were evaluated
 */
record Evaluation(double loss, double accuracy, int images) {}
