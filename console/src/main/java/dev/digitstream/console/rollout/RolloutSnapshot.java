package dev.digitstream.console.rollout;

import java.util.List;

/**
 * The rollout as the page shows it.
 *
 * @param model        the model name
 * @param serving      the version every streamer serves; null before the first
 * @param candidate    the version compared with it, if any
 * @param lastDecision the latest decision, in one line; null before the first
 * @param swaps        each change of the serving version, oldest first
 */
public record RolloutSnapshot(String model, Long serving, Comparison candidate, String lastDecision, List<Swap> swaps) {

    /**
     * A candidate against serving, added up across the cluster.
     *
     * @param version           the candidate's version
     * @param mode              shadow or canary; null before its first score
     * @param labeled           labeled images the candidate classified
     * @param candidateAccuracy its accuracy on them; null without
     * @param servingAccuracy   serving's accuracy on its labeled images; null without
     * @param compared          images both classified (shadow mode)
     * @param agreement         share of those with the same digit; null without
     */
    public record Comparison(
            long version,
            String mode,
            long labeled,
            Double candidateAccuracy,
            Double servingAccuracy,
            long compared,
            Double agreement) {}

    /**
     * A hot swap: the serving version changed.
     *
     * @param at   when the record that changed it was written, epoch milliseconds
     * @param from the version that served before (0: none)
     * @param to   the version that serves since
     * @param how  the decision behind it, in one line
     */
    public record Swap(long at, long from, long to, String how) {}
}
