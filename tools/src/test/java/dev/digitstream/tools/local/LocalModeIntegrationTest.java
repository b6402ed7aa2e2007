package dev.digitstream.tools.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.cli.CliRun;
import dev.digitstream.mnist.MnistTestData;
import dev.digitstream.tools.DigitsCli;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code digits local} end to end on a small scale: a real Kafka broker, a short training on a few
 * thousand images, the streamer, a few hundred test images; then nothing left running. Needs the
 * trainer's and the streamer's jars, which the reactor builds before this module.
 */
class LocalModeIntegrationTest {

    private static final Pattern ACCURACY = Pattern.compile("^accuracy\\s+([0-9.]+)%");

    @TempDir
    Path work;

    @Test
    void shouldClassifyEveryImageAndLeaveNoProcessBehindWhenRunningLocally() {
        // Step 1: the whole system, small: 3,000 training images, one epoch, 300 test images flat out.
        final CliRun run = CliRun.of(
                DigitsCli.commandLine(),
                "local",
                "--port",
                "0",
                "--console-port",
                "0",
                "--work-dir",
                work.toString(),
                "--data-dir",
                MnistTestData.directory().toString(),
                "--train-images",
                "3000",
                "--epochs",
                "1",
                "--test-images",
                "500",
                "--min-accuracy",
                "0.3",
                "--images",
                "300",
                "--rate",
                "0");

        // Step 2: every image answered, by the model it trained, well above chance (10%).
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Published version 1: test accuracy", "Done: 300 predictions, 0 dead letters");
        assertThat(run.out()).containsPattern("Console: http://127\\.0\\.0\\.1:\\d+/ ");
        final List<String> lines = run.outLines();
        assertThat(lines)
                .anyMatch(line -> line.startsWith("predictions   300   now"))
                .contains("models        mnist-lstm v1: 300 (serving)");
        assertThat(lastAccuracy(lines)).isGreaterThan(30.0);

        // Step 3: the broker, the trainer, the streamer and the console are gone.
        assertThat(ProcessHandle.current()
                        .descendants()
                        .filter(ProcessHandle::isAlive)
                        .toList())
                .isEmpty();
        assertThat(ProcessHandle.allProcesses()
                        .filter(process ->
                                process.info().commandLine().orElse("").contains(work.toString()))
                        .map(process -> process.pid() + " "
                                + process.info().commandLine().orElse(""))
                        .toList())
                .isEmpty();
    }

    private static double lastAccuracy(final List<String> lines) {
        double accuracy = -1;
        for (final String line : lines) {
            final Matcher matcher = ACCURACY.matcher(line);
            if (matcher.find()) {
                accuracy = Double.parseDouble(matcher.group(1));
            }
        }
        return accuracy;
    }
}
