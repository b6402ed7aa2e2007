package dev.digitstream.streamer;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which images the candidate answers in canary mode: a share chosen by a hash of the image id, so the
 * same image goes to the same version on every instance and after every replay. Murmur2 (Kafka's
 * partitioner hash) rather than {@code String.hashCode}, whose values for ids that differ in the last
 * digits are consecutive and would split a run of ids in blocks instead of evenly.
 */
final class CanaryRouting {

    private static final int BUCKETS = 10_000;

    private CanaryRouting() {}

    static boolean answeredByCandidate(final String imageId, final double share) {
        final int bucket = Utils.toPositive(Utils.murmur2(imageId.getBytes(StandardCharsets.UTF_8))) % BUCKETS;
        return bucket < share * BUCKETS;
    }
}
