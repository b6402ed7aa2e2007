package dev.digitstream.streamer;

import dev.digitstream.model.Classifier;
import java.time.Instant;

/**
 * A model version that passed every check and can serve. Immutable; the {@link Classifier} inside is
 * the template that each task copies, never used for inference itself (DL4J networks are not
 * thread-safe).
 */
record LoadedModel(ModelInfo info, Classifier template) {

    String name() {
        return info.name();
    }

    long version() {
        return info.version();
    }

    /**
     * A classifier of its own for one task: it shares the template's read-only weights and owns its
     * work buffers, so a copy costs microseconds, not a stall of the stream thread after a swap.
     * Copies are still made one at a time, because a DL4J-path classifier copies by cloning the
     * network, which nothing says is safe from two threads at once.
     */
    Classifier newCopy() {
        synchronized (template) {
            return template.copy();
        }
    }

    /**
     * What the model endpoint shows about the serving version: its {@code ModelVersion} metadata
     * without the payload, when this instance loaded it and how long loading and checking it took.
     */
    record ModelInfo(
            String name,
            long version,
            Instant createdAt,
            String format,
            String sha256,
            boolean signed,
            boolean rollback,
            double testAccuracy,
            double testLoss,
            int epochs,
            double trainSeconds,
            java.util.Map<String, String> hyperparameters,
            Instant loadedAt,
            long loadMillis) {}
}
