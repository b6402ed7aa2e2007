package dev.digitstream.streamer;

import dev.digitstream.model.Nd4jThreads;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Classifies {@code digits.in} into {@code digits.predicted} with the latest model from {@code digits.models}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StreamerApplication {

    public static void main(final String[] args) {
        // One native thread per operation: parallelism comes from batches and stream threads (DESIGN.md).
        Nd4jThreads.configure(1);
        SpringApplication.run(StreamerApplication.class, args);
    }
}
