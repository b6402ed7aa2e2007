package dev.digitstream.streamer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * An instance without a model must not hold input partitions that another instance could serve. Kafka
 * Streams therefore starts with no stream threads: it reads the models topic (the global thread) but
 * does not join the consumer group. Once the first version serves, this adds the configured stream
 * threads, and the instance takes its share of the partitions in the next rebalance. With one instance
 * and no model, input waits in the topic, as it waited in the buffer before. The threads also wait for
 * the {@link ClassifierWarmUp}, so that the partitions come to an instance that classifies at full speed.
 */
@Component
class StreamThreadsOnModel implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadsOnModel.class);
    private static final long RETRY_MS = 50;

    private final StreamsBuilderFactoryBean streams;
    private final int threads;
    // Not on the global-store thread that reports the model: adding a thread waits on Kafka Streams' state.
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        final Thread thread = new Thread(runnable, "stream-threads-on-model");
        thread.setDaemon(true);
        return thread;
    });

    StreamThreadsOnModel(
            final StreamsBuilderFactoryBean streams,
            final ModelRegistry registry,
            final StreamerProperties properties,
            final ClassifierWarmUp warmUp) {
        this.streams = streams;
        this.threads = properties.inferenceThreads();
        registry.whenServing(() -> warmUp.done().thenRunAsync(this::addThreads, executor));
    }

    private void addThreads() {
        int added = 0;
        while (added < threads) {
            final KafkaStreams kafkaStreams = streams.getKafkaStreams();
            if (kafkaStreams == null || kafkaStreams.state().hasNotStarted()) {
                sleep();
                continue;
            }
            if (!kafkaStreams.state().isRunningOrRebalancing()) {
                LOG.warn("A model serves but Kafka Streams is {}: no stream threads added", kafkaStreams.state());
                return;
            }
            if (kafkaStreams.addStreamThread().isPresent()) {
                added++;
            } else {
                sleep();
            }
        }
        LOG.info("A model serves: started {} stream thread(s); this instance now takes its share of the input", added);
    }

    private static void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while adding stream threads", e);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
