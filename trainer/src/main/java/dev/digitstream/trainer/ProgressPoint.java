package dev.digitstream.trainer;

/**
 * One evaluation on the test set during training: at each epoch's end and, with a target accuracy,
 * every few batches. The chart draws accuracy against wall time from these.
 *
 * @param epochs         epochs done, with the fraction of the current one
 * @param images         training images seen
 * @param testLoss       mean cross-entropy on the test set
 * @param testAccuracy   test accuracy, 0-1
 * @param elapsedSeconds wall-clock seconds since training started
 * @param cpuSeconds     CPU seconds of the process since training started
 */
public record ProgressPoint(
        double epochs, long images, double testLoss, double testAccuracy, double elapsedSeconds, double cpuSeconds) {}
