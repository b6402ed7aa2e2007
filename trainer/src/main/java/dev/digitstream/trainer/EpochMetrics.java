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
 */
public record EpochMetrics(int epoch, double trainLoss, double testLoss, double testAccuracy,
                           double seconds, double elapsedSeconds) {
}
