package dev.digitstream.trainer;

/**
 * When a training run first reached its target accuracy, counted to the evaluation that saw it.
 *
 * @param targetAccuracy the target, 0-1
 * @param testAccuracy   the accuracy at that evaluation
 * @param images         training images seen by then
 * @param seconds        wall-clock seconds since training started, evaluations included
 * @param cpuSeconds     CPU seconds of the process since training started
 */
public record TargetReached(
        double targetAccuracy, double testAccuracy, long images, double seconds, double cpuSeconds) {}
