package dev.digitstream.console.draw;

import dev.digitstream.console.ConsoleProperties;
import dev.digitstream.model.image.MnistStyleImage;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DigitImage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/** Sends drawn digits to the input topic as {@link DigitImage} records keyed by image id. */
@Component
final class DigitSender implements AutoCloseable {

    private static final AvroSerde<DigitImage> IMAGES = AvroSerde.of(DigitImage.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    DigitSender(final KafkaProperties kafka, final ConsoleProperties properties) {
        final Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        // A person waits for the answer: send at once rather than wait to fill a batch.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Fail the request within the answer timeout when Kafka is away, instead of blocking for a minute.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int)
                properties.answerTimeout().toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                properties.answerTimeout().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                properties.answerTimeout().toMillis());
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "digits-console");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.topic = properties.topics().images();
    }

    /** Sends one image; the future completes when Kafka has it. */
    CompletableFuture<Void> send(final String id, final byte[] pixels, final Integer label) {
        final DigitImage image = DigitImage.newBuilder()
                .setId(id)
                .setPixels(ByteBuffer.wrap(pixels))
                .setWidth(MnistStyleImage.SIZE)
                .setHeight(MnistStyleImage.SIZE)
                .setLabel(label)
                .setCreatedAt(Instant.now())
                .build();
        final CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, id, IMAGES.encode(image)), (metadata, error) -> {
                if (error == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
