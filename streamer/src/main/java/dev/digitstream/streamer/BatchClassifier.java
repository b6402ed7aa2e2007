package dev.digitstream.streamer;

import dev.digitstream.model.Classification;
import dev.digitstream.model.Classifier;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitImage;
import dev.digitstream.schemas.DigitPrediction;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
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
final class BatchClassifier implements Processor<String, byte[], String, SpecificRecord> {

    private static final long EMPTY = Long.MAX_VALUE;

    private final String storeName;
    private final int maxSize;
    private final long maxWaitMs;
    private final boolean adaptiveWait;
    private final Duration punctuateEvery;
    private final ModelRegistry registry;
    private final StreamerMetrics metrics;
    private final InferenceLoad load;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<Long, BufferedImage> buffer;
    private long oldestBufferedAt = EMPTY;
    // Lowest and highest buffered offsets: batches are read with range() windows from the lowest,
    // because the in-memory store copies every key it iterates over and all() would copy the whole
    // backlog (large while no model is loaded) for every batch.
    private long firstOffset = EMPTY;
    private long lastOffset = -1;
    private LoadedModel copiedModel;
    private Classifier classifier;

    BatchClassifier(final String storeName, final StreamerProperties.Batch batch, final ModelRegistry registry,
                    final StreamerMetrics metrics, final InferenceLoad load) {
        this.storeName = storeName;
        this.maxSize = batch.maxSize();
        this.maxWaitMs = batch.maxWait().toMillis();
        this.adaptiveWait = batch.adaptiveWait();
        this.punctuateEvery = batch.punctuateEvery();
        this.registry = registry;
        this.metrics = metrics;
        this.load = load;
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> processorContext) {
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
        final double waitMs = adaptiveWait ? maxWaitMs * load.saturation() : maxWaitMs;
        while (oldestBufferedAt != EMPTY && now - oldestBufferedAt >= waitMs) {
            if (classifyOneBatch() == 0) {
                return;
            }
        }
    }

    /** Classifies up to {@code maxSize} of the oldest buffered images with one model; returns how many. */
    private int classifyOneBatch() {
        final Optional<LoadedModel> snapshot = registry.current();
        if (snapshot.isEmpty()) {
            return 0;
        }
        final LoadedModel model = snapshot.get();
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
            pixels.add(bytes(image.getPixels()));
        }
        final long started = System.nanoTime();
        final List<Classification> answers = classifierFor(model).classify(pixels);
        final long classifyNanos = System.nanoTime() - started;
        metrics.batch(entries.size(), classifyNanos);
        load.recordBusy(classifyNanos);

        final long now = context.currentSystemTimeMs();
        final Instant predictedAt = Instant.ofEpochMilli(now);
        for (int i = 0; i < entries.size(); i++) {
            final BufferedImage buffered = entries.get(i).value;
            final DigitImage image = images.get(i);
            final String key = buffered.key() != null ? buffered.key() : image.getId();
            context.forward(new Record<String, SpecificRecord>(key,
                    prediction(image, answers.get(i), model, predictedAt), buffered.timestamp()));
            metrics.latency(now - image.getCreatedAt().toEpochMilli());
            buffer.delete(entries.get(i).key);
        }
        metrics.predicted(model.name(), model.version(), entries.size());
        advancePast(entries.get(entries.size() - 1).key);
        return entries.size();
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

    /** This task's own copy of the serving network (DL4J networks are not thread-safe). */
    private Classifier classifierFor(final LoadedModel model) {
        if (model != copiedModel) {
            classifier = model.newCopy();
            copiedModel = model;
        }
        return classifier;
    }

    private void deadLetter(final Record<String, byte[]> record, final RecordMetadata source,
                            final InvalidImageException e) {
        final DeadLetter deadLetter = DeadLetter.newBuilder()
                .setReason(e.reason())
                .setMessage(e.getMessage())
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setOriginalBytes(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        context.forward(new Record<String, SpecificRecord>(record.key(), deadLetter, record.timestamp()));
        metrics.deadLettered(e.reason());
    }

    private static DigitPrediction prediction(final DigitImage image, final Classification answer,
                                              final LoadedModel model, final Instant predictedAt) {
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

    private static byte[] bytes(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
