package dev.digitstream.trainer;

/**
 * The figures of one training epoch.
 *
 * @param epoch          1-based epoch number
 * @param trainLoss      mean training loss over the epoch's batches
 * @param testLoss       mean cross-entropy on the test set after the epoch
 * @param testAccuracy   test accuracy after the epoch, 0-1
 * @param seconds        wall-clock seconds of this epoch, training and evaluation
 * @param elapsedSeconds wall-clock seconds since training started, up to the end of this epoch
 * @param cpuSeconds     CPU seconds this process used since training started, up to the end of this epoch;
 *                       on a machine shared with other work it is a steadier measure of cost than wall time
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double testLoss,
        double testAccuracy,
        double seconds,
        double elapsedSeconds,
        double cpuSeconds) {}
