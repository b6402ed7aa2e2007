package dev.digitstream.streamer;

import dev.digitstream.model.ModelArtifactException;
import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.streamer.StreamerProperties.RolloutMode;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Deployment} an instance runs now, swapped atomically. The global-store processor offers
 * the models topic's records in topic order (one thread): artifacts, and the rollout state that says
 * which version serves. Stream threads read {@link #deployment()} once per batch, so a batch is always
 * classified by one serving version (and, in shadow or canary mode, one candidate).
 *
 * <p>Every instance folds the same records in the same order, so all of them agree without talking to
 * each other: the first valid version serves at once; a later one becomes the candidate (or, in
 * {@code immediate} mode, serves at once); it serves only when a rollout record promotes it. An artifact
 * published straight to serving (or a rollback) says so and serves as it arrives: one swap, without a
 * moment as the candidate before the rollout record the publisher writes right after it. A version
 * is loaded and checked completely before it serves or is compared; one that fails is refused and
 * changes nothing.
 */
final class ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    /**
     * Loads of the first version, after it serves, that compile the loader's code before a hot swap needs it:
     * a load's CPU falls from ~28 ms (the seventh) to ~11 ms (the fortieth), and with 40 instead of 5 the
     * swap's load took 31-48 ms instead of 69-105 (BENCHMARKS.md, "Issue 13, 2026-11-30 (fifth session)").
     */
    private static final int LOADER_WARM_UP_LOADS = 40;

    private final String modelName;
    private final RolloutMode mode;
    private final ModelLoader loader;
    private final StreamerMetrics metrics;
    private final Clock clock;
    private final AtomicReference<Deployment> deployment = new AtomicReference<>();
    private final AtomicReference<ModelRollout> rollout = new AtomicReference<>();
    private final AtomicReference<ModelRefusal> lastRefusal = new AtomicReference<>();
    private final List<Runnable> firstServingListeners = new CopyOnWriteArrayList<>();

    ModelRegistry(
            final String modelName,
            final RolloutMode mode,
            final ModelLoader loader,
            final StreamerMetrics metrics,
            final Clock clock) {
        this.modelName = modelName;
        this.mode = mode;
        this.loader = loader;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs the action (on the global-store thread) once the first version serves, or at once if one does. */
    void whenServing(final Runnable action) {
        firstServingListeners.add(action);
        if (deployment.get() != null && firstServingListeners.remove(action)) {
            action.run();
        }
    }

    /** The serving version and candidate, once any version has been loaded. */
    Optional<Deployment> deployment() {
        return Optional.ofNullable(deployment.get());
    }

    /** The model serving now, if any version has been loaded yet. */
    Optional<LoadedModel> current() {
        return deployment().map(Deployment::serving);
    }

    /** The last rollout state read from the models topic, if any was published. */
    Optional<ModelRollout> rollout() {
        return Optional.ofNullable(rollout.get());
    }

    /** The most recent refusal, if any. */
    Optional<ModelRefusal> lastRefusal() {
        return Optional.ofNullable(lastRefusal.get());
    }

    String modelName() {
        return modelName;
    }

    RolloutMode mode() {
        return mode;
    }

    /** Considers a published artifact: it may serve, become the candidate, or be ignored or refused. */
    synchronized void offer(final ModelVersion version) {
        if (!modelName.equals(version.getName())) {
            LOG.debug(
                    "Ignoring model {} v{}: this streamer serves {}",
                    version.getName(),
                    version.getVersion(),
                    modelName);
            return;
        }
        final Deployment now = deployment.get();
        final long number = version.getVersion();
        final ModelRollout state = rollout.get();
        if (state != null
                && number <= state.getDecidedThrough()
                && number != state.getServing()
                && !version.getRollback()) {
            LOG.info("Ignoring model {} v{}: already decided ({})", modelName, number, verdictOf(state, number));
            return;
        }
        if (now == null
                || version.getRollback()
                || version.getServesAtOnce()
                || mode == RolloutMode.IMMEDIATE
                || (state != null
                        && number == state.getServing()
                        && number != now.serving().version())) {
            serveIfNewer(version, now);
        } else {
            considerCandidate(version, now);
        }
    }

    private void serveIfNewer(final ModelVersion version, final Deployment now) {
        if (now != null && version.getVersion() <= now.serving().version() && !version.getRollback()) {
            LOG.info(
                    "Ignoring model {} v{}: v{} is serving and the record is not a rollback",
                    modelName,
                    version.getVersion(),
                    now.serving().version());
            return;
        }
        load(version).ifPresent(loaded -> {
            serve(loaded, now, now == null ? "the first version" : whyAtOnce(version));
            if (now == null) {
                warmUpLoader(version);
            }
        });
    }

    /**
     * Loads the first version again on a thread of its own: on the global thread these loads held up Kafka
     * Streams' start, and with it the stream threads' first rebalance, by ~0.3 s (BENCHMARKS.md, "Issue 13,
     * 2026-11-30 (fifth session)").
     */
    private void warmUpLoader(final ModelVersion version) {
        final Thread thread = new Thread(() -> loader.warmUp(version, LOADER_WARM_UP_LOADS), "model-loader-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private String whyAtOnce(final ModelVersion version) {
        if (version.getRollback()) {
            return "a rollback";
        }
        return version.getServesAtOnce() ? "published to serving" : "immediate mode";
    }

    private void considerCandidate(final ModelVersion version, final Deployment now) {
        final long highest = now.candidateIfAny()
                .map(LoadedModel::version)
                .orElse(now.serving().version());
        if (version.getVersion() <= highest) {
            LOG.info(
                    "Ignoring model {} v{}: v{} is already {}",
                    modelName,
                    version.getVersion(),
                    highest,
                    now.candidate() == null ? "serving" : "the candidate");
            return;
        }
        load(version).ifPresent(loaded -> {
            deployment.set(now.withCandidate(loaded));
            metrics.candidate(loaded.version());
            LOG.info(
                    "Candidate model {} v{} ({} mode): compared with serving v{} on live traffic{}",
                    modelName,
                    loaded.version(),
                    mode.name().toLowerCase(Locale.ROOT),
                    now.serving().version(),
                    now.candidate() == null
                            ? ""
                            : ", replacing candidate v" + now.candidate().version());
        });
    }

    /**
     * Applies a rollout state: serves the version it names (loading it from {@code artifacts} unless it
     * is already loaded) and drops a candidate it has decided. The state becomes visible through
     * {@link #rollout()} only after the deployment reflects it, so a reader that sees a decision also
     * sees its effect.
     */
    synchronized void apply(final ModelRollout state, final LongFunction<Optional<ModelVersion>> artifacts) {
        if (!modelName.equals(state.getName())) {
            return;
        }
        try {
            deploy(state, artifacts);
        } finally {
            rollout.set(state);
        }
    }

    private void deploy(final ModelRollout state, final LongFunction<Optional<ModelVersion>> artifacts) {
        final Deployment now = deployment.get();
        LoadedModel serving = now == null ? null : now.serving();
        LoadedModel candidate = now == null ? null : now.candidate();
        if (serving == null || serving.version() != state.getServing()) {
            final Optional<LoadedModel> target = candidate != null && candidate.version() == state.getServing()
                    ? Optional.of(candidate)
                    : loadStored(state.getServing(), artifacts);
            if (target.isEmpty()) {
                return;
            }
            serving = target.get();
        }
        if (candidate != null
                && (candidate.version() <= state.getDecidedThrough() || candidate.version() == serving.version())) {
            if (candidate.version() != serving.version()) {
                LOG.info(
                        "Candidate model {} v{} dropped: {}",
                        modelName,
                        candidate.version(),
                        verdictOf(state, candidate.version()));
            }
            candidate = null;
            metrics.candidate(0);
        }
        if (now == null || serving != now.serving()) {
            final Deployment next = new Deployment(serving, candidate);
            deployment.set(next);
            swapped(serving, now, verdictOf(state, serving.version()));
        } else if (candidate != now.candidate()) {
            deployment.set(new Deployment(serving, candidate));
        }
    }

    private Optional<LoadedModel> loadStored(final long version, final LongFunction<Optional<ModelVersion>> artifacts) {
        final Optional<ModelVersion> stored = artifacts.apply(version);
        if (stored.isEmpty()) {
            refuse(
                    version,
                    "MISSING",
                    "the rollout state names v" + version + " but the models topic no longer holds it");
            return Optional.empty();
        }
        return load(stored.get());
    }

    private Optional<LoadedModel> load(final ModelVersion version) {
        try {
            return Optional.of(loader.load(version));
        } catch (ModelArtifactException e) {
            refuse(version.getVersion(), e.reason().name(), e.getMessage());
            return Optional.empty();
        }
    }

    private void serve(final LoadedModel loaded, final Deployment now, final String why) {
        final Deployment next = now == null
                ? Deployment.serving(loaded)
                : new Deployment(
                        loaded,
                        now.candidateIfAny()
                                .filter(c -> c.version() > loaded.version())
                                .orElse(null));
        deployment.set(next);
        swapped(loaded, now, why);
    }

    private void swapped(final LoadedModel serving, final Deployment before, final String why) {
        if (before == null) {
            for (final Runnable listener : firstServingListeners) {
                if (firstServingListeners.remove(listener)) {
                    listener.run();
                }
            }
        }
        metrics.swapped(serving.version(), clock.millis());
        LOG.info(
                "Serving model {} v{} ({}; test accuracy {}; loaded and checked in {} ms), replacing {}",
                modelName,
                serving.version(),
                why,
                serving.info().testAccuracy(),
                serving.info().loadMillis(),
                before == null ? "nothing" : "v" + before.serving().version());
    }

    /** Records a refusal: a log line, a metric and the health detail. */
    void refuse(final long version, final String reason, final String message) {
        lastRefusal.set(new ModelRefusal(version, reason, message, clock.instant()));
        metrics.refused(reason);
        final LoadedModel serving = current().orElse(null);
        LOG.warn(
                "Refused model {} v{} ({}): {}; still serving {}",
                modelName,
                version,
                reason,
                message,
                serving == null ? "nothing" : "v" + serving.version());
    }

    /** The most recent decision about a version, in words, for log lines. */
    private static String verdictOf(final ModelRollout state, final long version) {
        return ModelRollouts.lastDecision(state, version)
                .map(d -> d.getVerdict() + " by " + d.getDecidedBy() + ": " + d.getReason())
                .orElse(version == state.getServing() ? "serving per the rollout state" : "decided earlier");
    }
}
