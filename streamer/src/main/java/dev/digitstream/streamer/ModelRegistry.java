package dev.digitstream.streamer;

import dev.digitstream.model.ModelArtifactException;
import dev.digitstream.schemas.ModelVersion;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model serving now, swapped atomically. Versions are offered in topic order by the global-store
 * processor (one thread); stream threads read {@link #current()} once per batch, so a batch is always
 * classified by exactly one version. A version is loaded and checked completely before the swap; one
 * that fails is refused and the previous model keeps serving. Versions only move forward, unless a
 * record is marked as a rollback.
 */
final class ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final String modelName;
    private final ModelLoader loader;
    private final StreamerMetrics metrics;
    private final Clock clock;
    private final AtomicReference<LoadedModel> current = new AtomicReference<>();
    private final AtomicReference<ModelRefusal> lastRefusal = new AtomicReference<>();

    ModelRegistry(final String modelName, final ModelLoader loader, final StreamerMetrics metrics, final Clock clock) {
        this.modelName = modelName;
        this.loader = loader;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The model serving now, if any version has been loaded yet. */
    Optional<LoadedModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** The most recent refusal, if any. */
    Optional<ModelRefusal> lastRefusal() {
        return Optional.ofNullable(lastRefusal.get());
    }

    String modelName() {
        return modelName;
    }

    /** Considers a published version: ignores other models and stale versions, else loads, checks and swaps. */
    synchronized void offer(final ModelVersion version) {
        if (!modelName.equals(version.getName())) {
            LOG.debug("Ignoring model {} v{}: this streamer serves {}", version.getName(), version.getVersion(), modelName);
            return;
        }
        final LoadedModel serving = current.get();
        if (serving != null && version.getVersion() <= serving.version() && !version.getRollback()) {
            LOG.info("Ignoring model {} v{}: v{} is serving and the record is not a rollback",
                    modelName, version.getVersion(), serving.version());
            return;
        }
        final LoadedModel loaded;
        try {
            loaded = loader.load(version);
        } catch (ModelArtifactException e) {
            refuse(version.getVersion(), e.reason().name(), e.getMessage());
            return;
        }
        current.set(loaded);
        metrics.swapped(loaded.version(), clock.millis());
        LOG.info("Serving model {} v{}{} (test accuracy {}), replacing {}", modelName, loaded.version(),
                version.getRollback() ? " (rollback)" : "", version.getMetrics().getTestAccuracy(),
                serving == null ? "nothing" : "v" + serving.version());
    }

    /** Records a refusal: a log line, a metric and the health detail. */
    void refuse(final long version, final String reason, final String message) {
        lastRefusal.set(new ModelRefusal(version, reason, message, clock.instant()));
        metrics.refused(reason);
        final LoadedModel serving = current.get();
        LOG.warn("Refused model {} v{} ({}): {}; still serving {}", modelName, version, reason, message,
                serving == null ? "nothing" : "v" + serving.version());
    }
}
