package dev.digitstream.tools.bench;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.tools.produce.ImageSender;
import dev.digitstream.tools.produce.Pacer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Sends MNIST test images, cycling through them, flat out or at a fixed rate ({@link Pacer}); image
 * {@code i} has the id {@code <prefix><i>}. An optional action runs once, just before a given image.
 */
final class LoadGenerator {

    /** What was sent: how many, and when the first and last sends started (epoch milliseconds). */
    record Sent(long count, long firstSendMillis, long lastSendMillis) {}

    /**
     * Something to do mid-run (publish a model), before image number {@code atImage} is sent; with
     * {@code atImage} equal to the count, after the last one was acknowledged (start a streamer on the backlog).
     */
    record MidRunAction(long atImage, Runnable action) {

        static MidRunAction none() {
            return new MidRunAction(-1, () -> {});
        }
    }

    private final MnistDataset images;
    private final KafkaClientSettings kafka;
    private final Duration timeout;

    LoadGenerator(final MnistDataset images, final KafkaClientSettings kafka, final Duration timeout) {
        this.images = images;
        this.kafka = kafka;
        this.timeout = timeout;
    }

    static Set<String> ids(final String prefix, final long count) {
        final Set<String> ids = new HashSet<>();
        for (long i = 0; i < count; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    /** Sends {@code count} images to {@code topic} at {@code perSecond} (0: flat out) and waits for every acknowledgement. */
    Sent send(
            final String topic,
            final String prefix,
            final long count,
            final double perSecond,
            final MidRunAction midRun) {
        final Pacer pacer = new Pacer(perSecond);
        long first = 0;
        long last = 0;
        try (ImageSender sender = new ImageSender(kafka, topic, timeout)) {
            for (long i = 0; i < count; i++) {
                if (i == midRun.atImage()) {
                    midRun.action().run();
                }
                pacer.awaitTurn(i);
                last = System.currentTimeMillis();
                if (i == 0) {
                    first = last;
                }
                final int index = (int) (i % images.size());
                sender.send(prefix + i, images.image(index), images.label(index));
            }
            sender.flush();
            if (midRun.atImage() == count) {
                midRun.action().run();
            }
            return new Sent(sender.acknowledged(), first, last);
        }
    }
}
