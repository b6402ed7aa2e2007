package dev.digitstream.streamer;

import dev.digitstream.testing.TestKafkaBroker;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the test broker (embedded KRaft unless {@code digitstream.test.broker} says otherwise) and
 * keeps it running until the process is stopped: a broker for trying the streamer by hand.
 */
public final class LocalTestBroker {

    private LocalTestBroker() {
    }

    public static void main(final String[] args) throws InterruptedException {
        System.out.println("bootstrap servers: " + TestKafkaBroker.bootstrapServers());
        new CountDownLatch(1).await();
    }
}
