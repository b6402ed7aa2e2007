package dev.digitstream.streamer;

import dev.digitstream.model.Classification;
import dev.digitstream.schemas.AvroBytes;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitImage;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.ModelKeys;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Validates each input image, dead-letters the bad ones at once, buffers the good ones and classifies
 * the buffer in micro-batches: when it holds {@code maxSize} images, or when a wall-clock punctuator
 * finds that the oldest has waited long enough: {@code maxWait}, scaled by how busy the stream threads
 * are classifying when the wait is adaptive ({@link InferenceLoad}). Nothing is classified while no
 * model is loaded.
 *
 * <p>The buffer is a changelogged state store keyed by the input offset (one task reads one input
 * partition, so offsets are unique and ordered): Kafka Streams commits a record's offset as soon as
 * {@code process()} returns, so a buffer in processor memory would lose records on a crash, while the
 * store's changelog is flushed before every commit. Keying by offset also means a record re-read
 * after a crash overwrites its own entry instead of being buffered twice.
 */
final class BatchClassifier implements Processor<String, byte[], String, ClassifierOutput> {

    private static final long EMPTY = Long.MAX_VALUE;

    private final String storeName;
    private final int maxSize;
    private final long maxWaitMs;
    private final boolean adaptiveWait;
    private final Duration punctuateEvery;
    private final ModelRegistry registry;
    private final StreamerMetrics metrics;
    private final InferenceLoad load;

    private ProcessorContext<String, ClassifierOutput> context;
    private KeyValueStore<Long, BufferedImage> buffer;
    private long oldestBufferedAt = EMPTY;
    // Lowest and highest buffered offsets: batches are read with range() windows from the lowest,
    // because the in-memory store copies every key it iterates over and all() would copy the whole
    // backlog (large while no model is loaded) for every batch.
    private long firstOffset = EMPTY;
    private long lastOffset = -1;
    private final DeploymentClassifier classifier;
    private final long reportEveryMs;
    private long lastReportAt;

    BatchClassifier(
            final String storeName,
            final StreamerProperties.Batch batch,
            final StreamerProperties.Rollout rollout,
            final ModelRegistry registry,
            final StreamerMetrics metrics,
            final InferenceLoad load,
            final OnlineAccuracy accuracy) {
        this.storeName = storeName;
        this.maxSize = batch.maxSize();
        this.maxWaitMs = batch.maxWait().toMillis();
        this.adaptiveWait = batch.adaptiveWait();
        this.punctuateEvery = batch.punctuateEvery();
        this.registry = registry;
        this.metrics = metrics;
        this.load = load;
        this.classifier = new DeploymentClassifier(rollout, accuracy);
        this.reportEveryMs = rollout.reportEvery().toMillis();
    }

    @Override
    public void init(final ProcessorContext<String, ClassifierOutput> processorContext) {
        this.context = processorContext;
        this.buffer = processorContext.getStateStore(storeName);
        try (KeyValueIterator<Long, BufferedImage> restored = buffer.all()) {
            while (restored.hasNext()) {
                final KeyValue<Long, BufferedImage> entry = restored.next();
                if (firstOffset == EMPTY) {
                    firstOffset = entry.key;
                    oldestBufferedAt = entry.value.bufferedAt();
                }
                lastOffset = entry.key;
            }
        }
        processorContext.schedule(punctuateEvery, PunctuationType.WALL_CLOCK_TIME, this::flushIfWaitedLongEnough);
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        final RecordMetadata source = context.recordMetadata().orElseThrow();
        try {
            ImageValidator.validate(record.value());
        } catch (InvalidImageException e) {
            deadLetter(record, source, e);
            return;
        }
        final long now = context.currentSystemTimeMs();
        final long offset = source.offset();
        buffer.put(offset, new BufferedImage(record.key(), record.timestamp(), now, record.value()));
        if (offset < firstOffset) {
            firstOffset = offset;
        }
        lastOffset = Math.max(lastOffset, offset);
        if (oldestBufferedAt == EMPTY) {
            oldestBufferedAt = now;
        }
        if (buffer.approximateNumEntries() >= maxSize) {
            classifyOneBatch();
        }
    }

    private void flushIfWaitedLongEnough(final long now) {
        if (now - lastReportAt >= reportEveryMs) {
            lastReportAt = now;
            sendScore(registry.deployment().orElse(null), true);
        }
        final double waitMs = adaptiveWait ? maxWaitMs * load.saturation() : maxWaitMs;
        while (oldestBufferedAt != EMPTY && now - oldestBufferedAt >= waitMs) {
            if (classifyOneBatch() == 0) {
                return;
            }
        }
    }

    /**
     * Classifies up to {@code maxSize} of the oldest buffered images with one deployment (the serving
     * version, and the candidate in shadow or canary mode); returns how many.
     */
    private int classifyOneBatch() {
        final Optional<Deployment> snapshot = registry.deployment();
        if (snapshot.isEmpty()) {
            return 0;
        }
        final Deployment deployment = snapshot.get();
        final List<KeyValue<Long, BufferedImage>> entries = oldestEntries();
        if (entries.isEmpty()) {
            firstOffset = EMPTY;
            oldestBufferedAt = EMPTY;
            lastOffset = -1;
            return 0;
        }
        final List<DigitImage> images = new ArrayList<>(entries.size());
        final List<byte[]> pixels = new ArrayList<>(entries.size());
        for (final KeyValue<Long, BufferedImage> entry : entries) {
            final DigitImage image = decodeValidated(entry.value.value());
            images.add(image);
            pixels.add(AvroBytes.toArray(image.getPixels()));
        }
        // A score about a candidate/serving pair that no longer runs goes out before any about the new one.
        sendScore(deployment, false);
        classifier.nextBatch(deployment);
        final long started = System.nanoTime();
        final List<DeploymentClassifier.Answer> answers = classifier.classify(deployment, images, pixels);
        final long classifyNanos = System.nanoTime() - started;
        metrics.batch(entries.size(), classifyNanos);

        final long now = context.currentSystemTimeMs();
        final Instant predictedAt = Instant.ofEpochMilli(now);
        int byServing = 0;
        for (int i = 0; i < entries.size(); i++) {
            final BufferedImage buffered = entries.get(i).value;
            final DigitImage image = images.get(i);
            final DeploymentClassifier.Answer answer = answers.get(i);
            final String key = buffered.key() != null ? buffered.key() : image.getId();
            context.forward(new Record<String, ClassifierOutput>(
                    key,
                    new ClassifierOutput.Prediction(
                            prediction(image, answer.classification(), answer.model(), predictedAt)),
                    buffered.timestamp()));
            metrics.latency(now - image.getCreatedAt().toEpochMilli());
            byServing += answer.model() == deployment.serving() ? 1 : 0;
            buffer.delete(entries.get(i).key);
        }
        metrics.predicted(deployment.serving().name(), deployment.serving().version(), byServing);
        if (byServing < entries.size()) {
            metrics.predicted(
                    deployment.candidate().name(), deployment.candidate().version(), entries.size() - byServing);
        }
        final long shadowStarted = System.nanoTime();
        classifier.shadow(deployment, images, pixels, answers);
        load.recordBusy(classifyNanos + System.nanoTime() - shadowStarted);
        advancePast(entries.get(entries.size() - 1).key);
        return entries.size();
    }

    /** Sends the task's candidate score to the judge: when {@code due}, or when its pair no longer runs. */
    private void sendScore(final Deployment now, final boolean due) {
        final long at = context.currentSystemTimeMs();
        classifier
                .takeScore(now, due, Instant.ofEpochMilli(at))
                .ifPresent(score -> context.forward(new Record<String, ClassifierOutput>(
                        ModelKeys.scoreKey(score.getName(), score.getCandidate(), score.getServing()),
                        new ClassifierOutput.Score(score),
                        at)));
    }

    /** Up to {@code maxSize} entries from the lowest buffered offset, in offset order. */
    private List<KeyValue<Long, BufferedImage>> oldestEntries() {
        final List<KeyValue<Long, BufferedImage>> entries = new ArrayList<>(maxSize);
        for (long from = firstOffset; from <= lastOffset && entries.size() < maxSize; from += maxSize) {
            try (KeyValueIterator<Long, BufferedImage> window = buffer.range(from, from + maxSize - 1)) {
                while (window.hasNext() && entries.size() < maxSize) {
                    entries.add(window.next());
                }
            }
        }
        return entries;
    }

    /** After a batch up to {@code offset}: finds the next buffered entry, if any, and its age. */
    private void advancePast(final long offset) {
        firstOffset = EMPTY;
        oldestBufferedAt = EMPTY;
        for (long from = offset + 1; from <= lastOffset; from += maxSize) {
            try (KeyValueIterator<Long, BufferedImage> window = buffer.range(from, from + maxSize - 1)) {
                if (window.hasNext()) {
                    final KeyValue<Long, BufferedImage> next = window.next();
                    firstOffset = next.key;
                    oldestBufferedAt = next.value.bufferedAt();
                    return;
                }
            }
        }
        lastOffset = -1;
    }

    private void deadLetter(
            final Record<String, byte[]> record, final RecordMetadata source, final InvalidImageException e) {
        final DeadLetter deadLetter = DeadLetter.newBuilder()
                .setReason(e.reason())
                .setMessage(e.getMessage())
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setOriginalBytes(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        context.forward(new Record<String, ClassifierOutput>(
                record.key(), new ClassifierOutput.DeadLettered(deadLetter), record.timestamp()));
        metrics.deadLettered(e.reason());
    }

    private static DigitPrediction prediction(
            final DigitImage image, final Classification answer, final LoadedModel model, final Instant predictedAt) {
        final List<Float> probabilities = new ArrayList<>(answer.probabilities().length);
        for (final float p : answer.probabilities()) {
            probabilities.add(p);
        }
        return DigitPrediction.newBuilder()
                .setId(image.getId())
                .setDigit(answer.digit())
                .setConfidence(answer.confidence())
                .setProbabilities(probabilities)
                .setModelName(model.name())
                .setModelVersion(model.version())
                .setLabel(image.getLabel())
                .setCreatedAt(image.getCreatedAt())
                .setPredictedAt(predictedAt)
                .build();
    }

    private static DigitImage decodeValidated(final byte[] value) {
        try {
            return ImageValidator.validate(value);
        } catch (InvalidImageException e) {
            // Only validated images are buffered; the same bytes cannot fail now.
            throw new IllegalStateException("A buffered image no longer validates: " + e.getMessage(), e);
        }
    }
}
