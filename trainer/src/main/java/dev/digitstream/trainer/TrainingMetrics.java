package dev.digitstream.trainer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code metrics.json} holds: the figures of the kept (best) epoch, the settings and every epoch.
 *
 * @param testAccuracy    test accuracy of the kept model, 0-1
 * @param testLoss        test loss of the kept model
 * @param bestEpoch       the epoch whose weights were kept
 * @param epochs          epochs trained
 * @param trainSeconds    wall-clock seconds of the whole training, evaluation included
 * @param trainImages     training images used
 * @param testImages      test images evaluated
 * @param hyperparameters the training settings by name
 * @param history         every epoch's figures, in order (a run stopped at its target ends with the partial epoch)
 * @param progress        every evaluation, in order: accuracy against images and wall time
 * @param targetReached   when the target accuracy was first reached, or null (no target, or never reached)
 */
public record TrainingMetrics(
        double testAccuracy,
        double testLoss,
        int bestEpoch,
        int epochs,
        double trainSeconds,
        int trainImages,
        int testImages,
        Map<String, String> hyperparameters,
        List<EpochMetrics> history,
        List<ProgressPoint> progress,
        TargetReached targetReached) {

    public TrainingMetrics {
        hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
        history = List.copyOf(history);
        progress = progress == null ? List.of() : List.copyOf(progress);
    }
}
