package dev.digitstream.console.live;

import dev.digitstream.console.ConsoleProperties;
import dev.digitstream.console.rollout.RolloutSnapshot;
import dev.digitstream.console.rollout.RolloutView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live views open now, each a server-sent event stream; every push interval each gets one
 * {@code live} event with the statistics and the rollout, however many predictions arrived meanwhile.
 */
@Component
final class LiveView implements SmartLifecycle {

    /** A view reconnects after this (the browser's EventSource does so by itself), so none is held forever. */
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    /** What one event carries. */
    record Message(LiveSnapshot live, RolloutSnapshot rollout) {}

    private final LiveStats stats;
    private final RolloutView rollout;
    private final TaskScheduler scheduler;
    private final ConsoleProperties properties;
    private final List<SseEmitter> viewers = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> pushing;

    LiveView(
            final LiveStats stats,
            final RolloutView rollout,
            final TaskScheduler scheduler,
            final ConsoleProperties properties,
            final MeterRegistry meters) {
        this.stats = stats;
        this.rollout = rollout;
        this.scheduler = scheduler;
        this.properties = properties;
        Gauge.builder("digitstream.console.viewers", viewers, List::size)
                .description("Live views open")
                .register(meters);
    }

    /** A new viewer, sent the current state at once; a 503 when too many are open. */
    SseEmitter open() {
        if (viewers.size() >= properties.maxLiveViewers()) {
            throw new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Too many live views are open (" + properties.maxLiveViewers() + "): close one and reload");
        }
        final SseEmitter viewer = new SseEmitter(STREAM_LIFETIME.toMillis());
        viewer.onCompletion(() -> viewers.remove(viewer));
        viewer.onTimeout(() -> viewers.remove(viewer));
        viewer.onError(error -> viewers.remove(viewer));
        viewers.add(viewer);
        send(viewer, message());
        return viewer;
    }

    Message message() {
        return new Message(stats.snapshot(System.currentTimeMillis()), rollout.snapshot());
    }

    private void push() {
        if (viewers.isEmpty()) {
            return;
        }
        final Message message = message();
        viewers.forEach(viewer -> send(viewer, message));
    }

    private void send(final SseEmitter viewer, final Message message) {
        try {
            viewer.send(SseEmitter.event().name("live").data(message, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            // The page went away: forget it (completing an emitter whose connection broke is allowed).
            viewers.remove(viewer);
            viewer.completeWithError(e);
        }
    }

    @Override
    public void start() {
        pushing = scheduler.scheduleWithFixedDelay(this::push, properties.pushInterval());
    }

    @Override
    public void stop() {
        if (pushing != null) {
            pushing.cancel(false);
            pushing = null;
        }
        viewers.forEach(SseEmitter::complete);
        viewers.clear();
    }

    @Override
    public boolean isRunning() {
        return pushing != null;
    }
}
