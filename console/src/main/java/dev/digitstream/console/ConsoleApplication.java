package dev.digitstream.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The web console: a client of the topics that draws digits into the stream and shows it live. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ConsoleApplication {

    public static void main(final String[] args) {
        SpringApplication.run(ConsoleApplication.class, args);
    }
}
