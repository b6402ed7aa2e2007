package dev.digitstream.console.live;

import java.util.List;
import java.util.Map;

/**
 * The live view at one moment, as the page receives it.
 *
 * @param at                    when, epoch milliseconds
 * @param connected             whether the console is reading Kafka
 * @param predictions           predictions read since the console started
 * @param deadLetters           dead letters read since the console started
 * @param undecodable           records that could not be decoded
 * @param perSecond             predictions per second, over the last complete seconds
 * @param p50Millis             end-to-end latency (created to read back) over the latency window; null without data
 * @param p99Millis             the same, 99th percentile
 * @param latencyWindowSeconds  the latency window
 * @param accuracyWindowSeconds the accuracy window
 * @param models                each model version that answered within the accuracy window
 * @param deadLettersByReason   dead letters by reason code, since the console started
 */
public record LiveSnapshot(
        long at,
        boolean connected,
        long predictions,
        long deadLetters,
        long undecodable,
        double perSecond,
        Double p50Millis,
        Double p99Millis,
        int latencyWindowSeconds,
        int accuracyWindowSeconds,
        List<ModelWindow> models,
        Map<String, Long> deadLettersByReason) {

    /**
     * One model version within the accuracy window.
     *
     * @param model    name and version, e.g. {@code mnist-lstm v2}
     * @param answered predictions it made
     * @param labeled  of those, with a true label
     * @param correct  of those, right
     * @param accuracy correct / labeled, null without labels
     */
    public record ModelWindow(String model, long answered, long labeled, long correct, Double accuracy) {}
}
