package dev.digitstream.streamer;

import dev.digitstream.schemas.CandidateScore;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitPrediction;

/**
 * What {@link BatchClassifier} emits. Sealed, so every kind is listed here, and {@link DigitTopology}
 * routes each kind to its own sink: a kind without a route fails the topology loudly instead of
 * falling into another kind's sink.
 */
sealed interface ClassifierOutput
        permits ClassifierOutput.Prediction, ClassifierOutput.DeadLettered, ClassifierOutput.Score {

    /** A classified image, for the predictions topic. */
    record Prediction(DigitPrediction value) implements ClassifierOutput {}

    /** A rejected input record, for the dead-letter topic. */
    record DeadLettered(DeadLetter value) implements ClassifierOutput {}

    /** A task's score of the candidate against serving, for the judge on the rollout topic. */
    record Score(CandidateScore value) implements ClassifierOutput {}
}
