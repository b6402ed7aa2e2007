package dev.digitstream.streamer;

import dev.digitstream.model.KernelWarmUp;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Warms the classifier's JIT-compiled code up ({@link KernelWarmUp}) on a thread of its own, from the
 * moment the application context is built, while Spring, Kafka Streams and the models topic start on
 * the other core. The stream threads join the consumer group only once it is done ({@link
 * StreamThreadsOnModel}), and readiness waits for it ({@link StreamerHealthIndicator}). Off unless {@code
 * digitstream.warm-up-images} is set: on 2 cores the kernel is compiled within seconds of real load anyway,
 * and what keeps a fresh instance slow for its first minute is the JIT compiling Kafka's, Avro's and the
 * topology's code, which synthetic images do not run (BENCHMARKS.md, "Warm start").
 */
@Component
class ClassifierWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierWarmUp.class);

    private final CompletableFuture<Void> done = new CompletableFuture<>();

    ClassifierWarmUp(final StreamerProperties properties) {
        final long images = properties.warmUpImages();
        if (images == 0) {
            done.complete(null);
            return;
        }
        final Thread thread = new Thread(() -> warmUp(images), "classifier-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Completes when the warm-up has finished (or failed: a failed warm-up only costs speed). */
    CompletableFuture<Void> done() {
        return done;
    }

    boolean isDone() {
        return done.isDone();
    }

    private void warmUp(final long images) {
        try {
            final KernelWarmUp.Result result = KernelWarmUp.run(images);
            LOG.info(
                    "Classifier warmed up: {} synthetic images in {} ms; the stream threads may start",
                    result.images(),
                    result.took().toMillis());
        } catch (RuntimeException e) {
            LOG.warn("The classifier warm-up failed, the first images will be classified slowly: {}", e.toString());
        } finally {
            done.complete(null);
        }
    }
}
