package dev.digitstream.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.mnist.MnistTestData;
import dev.digitstream.tools.cli.LocalRunOptions;
import dev.digitstream.tools.cli.RunInputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publication prepared ahead of its moment (local mode's second version, the bench's swap): the trainer's
 * {@code publish} gets ready without publishing, then publishes at the signal. On a real broker, with the
 * real trainer jar.
 */
class PreparedPublicationIntegrationTest {

    @TempDir
    Path work;

    private ChildProcesses children;

    @AfterEach
    void stopEverything() {
        if (children != null) {
            children.stopAll();
        }
    }

    @Test
    void shouldPublishNothingWhenReadyAndTheVersionWhenTold() {
        children = new ChildProcesses(work.resolve("logs"));
        final LocalBroker broker = new LocalBroker(work, 0);
        broker.start(children, Duration.ofSeconds(90));
        broker.createTopics();
        final RunInputs inputs = new LocalRunOptions().resolve();
        final Trainings trainings = new Trainings(
                children,
                inputs.trainerJar(),
                KafkaClientSettings.plaintext(broker.bootstrapServers()),
                work,
                Optional.of(MnistTestData.directory()),
                scale ->
                        List.of("--epochs", "1", "--train-limit", "500", "--test-limit", "200", "--min-accuracy", "0"));
        trainings.train("model", false, 42, 1);

        trainings.preparePublish(work.resolve("model"));
        trainings.awaitPublishPrepared(Duration.ofMinutes(2));

        assertThat(broker.hasModel()).isFalse();

        trainings.publishNow();
        trainings.awaitPublished();

        assertThat(broker.hasModel()).isTrue();
    }
}
