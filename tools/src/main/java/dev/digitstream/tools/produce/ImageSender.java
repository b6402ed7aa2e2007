package dev.digitstream.tools.produce;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.model.image.MnistStyleImage;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DigitImage;
import dev.digitstream.tools.cli.ToolException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends {@link DigitImage} records keyed by image id, stamping each with its send time. */
public final class ImageSender implements AutoCloseable {

    private final KafkaProducer<String, DigitImage> producer;
    private final String topic;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    public ImageSender(final KafkaClientSettings kafka, final String topic, final Duration timeout) {
        final Map<String, Object> config = kafka.clientConfig();
        // Latency is what the demo shows: wait at most 1 ms to fill a batch.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "digits-produce");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), AvroSerde.of(DigitImage.class));
        this.topic = topic;
    }

    /** Sends one image asynchronously; a failure is kept and reported by {@link #flush()}. */
    public void send(final String id, final byte[] pixels, final Integer label) {
        final DigitImage image = DigitImage.newBuilder()
                .setId(id)
                .setPixels(ByteBuffer.wrap(pixels))
                .setWidth(MnistStyleImage.SIZE)
                .setHeight(MnistStyleImage.SIZE)
                .setLabel(label)
                .setCreatedAt(Instant.now())
                .build();
        producer.send(new ProducerRecord<>(topic, id, image), (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
            } else {
                firstFailure.compareAndSet(null, error);
            }
        });
    }

    /** Images the broker has acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Waits for every send to finish; a {@link ToolException} when any failed. */
    public void flush() {
        producer.flush();
        final Exception failure = firstFailure.get();
        if (failure != null) {
            throw new ToolException("Sending to " + topic + " failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
