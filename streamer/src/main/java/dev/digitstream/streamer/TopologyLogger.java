package dev.digitstream.streamer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/** Logs the topology description once Kafka Streams has been started. */
@Component
class TopologyLogger {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyLogger.class);

    private final StreamsBuilderFactoryBean streams;

    TopologyLogger(final StreamsBuilderFactoryBean streams) {
        this.streams = streams;
    }

    @EventListener(ApplicationStartedEvent.class)
    void logTopology() {
        if (streams.getTopology() != null) {
            LOG.info("Kafka Streams topology: {}", streams.getTopology().describe());
        }
    }
}
