package dev.digitstream.tools.bench;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.tools.cli.ToolException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline of the load harness: a Kafka Streams app that copies bytes from one topic to another,
 * with the streamer's stream settings (one thread, at-least-once, producer {@code linger.ms} 5), so
 * that what it reaches is what Kafka alone allows on this machine.
 */
final class PassThrough implements AutoCloseable {

    /** The streamer's producer linger (see its StreamsSettings): the same batching on both paths. */
    static final int LINGER_MS = 5;

    private final KafkaStreams streams;

    private PassThrough(final KafkaStreams streams) {
        this.streams = streams;
    }

    static Topology buildTopology(final String inputTopic, final String outputTopic) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(
                        inputTopic,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pass-through-source"))
                .to(
                        outputTopic,
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pass-through-sink"));
        return builder.build();
    }

    static Properties streamsConfig(final KafkaClientSettings kafka, final String applicationId, final Path stateDir) {
        final Properties config = new Properties();
        config.putAll(kafka.clientConfig());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), LINGER_MS);
        return config;
    }

    /** Starts the copy and waits until Kafka Streams is RUNNING (it has its partitions). */
    static PassThrough start(
            final KafkaClientSettings kafka,
            final String applicationId,
            final Path stateDir,
            final String inputTopic,
            final String outputTopic,
            final Duration timeout) {
        final KafkaStreams streams =
                new KafkaStreams(buildTopology(inputTopic, outputTopic), streamsConfig(kafka, applicationId, stateDir));
        final CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        try {
            if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                streams.close(Duration.ofSeconds(10));
                throw new ToolException("The pass-through Kafka Streams app was not running within "
                        + timeout.toSeconds() + " s (state " + streams.state() + ")");
            }
        } catch (InterruptedException e) {
            streams.close(Duration.ofSeconds(10));
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while starting the pass-through app", e);
        }
        return new PassThrough(streams);
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
        streams.cleanUp();
    }
}
