package dev.digitstream.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.cli.CliRun;
import dev.digitstream.model.image.DrawnDigits;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to every command ends in one clear line on stderr and a non-zero exit code. */
class DigitsCliTest {

    private static String nobodyListening;

    @TempDir
    Path temp;

    @BeforeAll
    static void findAPortNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            nobodyListening = "127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void shouldExplainInOneLineWhenAnOptionIsUnknown() {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "produce", "--colour", "red");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("digits: Unknown options: '--colour', 'red'")
                .endsWith("(see 'digits produce --help')");
    }

    @Test
    void shouldExplainInOneLineWhenAnOptionValueIsNotANumber() {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "watch", "--max-records", "lots");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("digits: Invalid value for option '--max-records'");
    }

    @Test
    void shouldExplainInOneLineWhenACommandIsUnknown() {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "classify");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("digits: Unmatched argument at index 0: 'classify'");
    }

    @Test
    void shouldAskForACommandWhenNoneIsGiven() {
        final CliRun run = CliRun.of(DigitsCli.commandLine());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("digits: Missing command");
    }

    @Test
    void shouldRefuseALabelWhenNotSendingAPicture() {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "produce", "--label", "7");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("--label goes with --png");
    }

    @Test
    void shouldRefuseALabelThatIsNotADigit() {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "produce", "--png", "seven.png", "--label", "12");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("--label must be a digit 0-9, got 12");
    }

    @Test
    void shouldRefuseBothSourcesAtOnce() {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "produce", "--png", "seven.png", "--data-dir", "mnist");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("mutually exclusive");
    }

    @Test
    void shouldNameTheFileWhenThePictureIsMissing() {
        final Path missing = temp.resolve("my-digit.png");

        final CliRun run = CliRun.of(
                DigitsCli.commandLine(),
                "produce",
                "--png",
                missing.toString(),
                "--bootstrap-servers",
                nobodyListening);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("digits: No such image file: " + missing);
    }

    @Test
    void shouldRefuseAStreamerJavaOptionThatIsNotAnOption() {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "bench", "--streamer-java-option=UseParallelGC");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("digits: --streamer-java-option takes a JVM option, which starts with '-', got "
                        + "'UseParallelGC' (write --streamer-java-option=-Xmx2g)");
    }

    @Test
    void shouldNameTheDirectoryWhenTheMnistDataIsMissing() {
        final Path missing = temp.resolve("no-mnist-here");

        final CliRun run = CliRun.of(
                DigitsCli.commandLine(),
                "produce",
                "--data-dir",
                missing.toString(),
                "--bootstrap-servers",
                nobodyListening);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("digits: ")
                .contains(missing.toString());
    }

    @Test
    void shouldSayTheBrokerIsUnreachableWhenProducingAPicture() throws IOException {
        final Path png = temp.resolve("seven.png");
        ImageIO.write(
                DrawnDigits.seven(60, 80, Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB), "png", png.toFile());

        final CliRun run = CliRun.of(
                DigitsCli.commandLine(),
                "produce",
                "--png",
                png.toString(),
                "--bootstrap-servers",
                nobodyListening,
                "--connect-timeout",
                "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("digits: Cannot reach Kafka at " + nobodyListening
                        + " within 1 s: is the broker running, and does it need --kafka-config? (--bootstrap-servers)");
    }

    @Test
    void shouldExitWithTheUsageCodeWhenTheKafkaConfigFileIsMissing() {
        final Path missing = temp.resolve("no-such-client.properties");

        final CliRun run = CliRun.of(
                DigitsCli.commandLine(), "watch", "--kafka-config", missing.toString(), "--connect-timeout", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("digits: --kafka-config " + missing + ": no such file");
    }

    @Test
    void shouldSayTheBrokerIsUnreachableWhenWatching() {
        final CliRun run = CliRun.of(
                DigitsCli.commandLine(), "watch", "--bootstrap-servers", nobodyListening, "--connect-timeout", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("digits: Cannot reach Kafka at " + nobodyListening
                        + " within 1 s: is the broker running, and does it need --kafka-config? (--bootstrap-servers)");
    }

    @Test
    void shouldSayTheBootstrapServersAreUnusableWhenTheHostDoesNotResolve() {
        final CliRun run = CliRun.of(
                DigitsCli.commandLine(),
                "watch",
                "--bootstrap-servers",
                "no-such-host.invalid:9092",
                "--connect-timeout",
                "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("digits: Cannot use Kafka bootstrap servers 'no-such-host.invalid:9092'");
    }

    @Test
    void shouldExplainInOneLineWhenLocalGetsABadOption() {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "local", "--brokers", "3");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("digits: Unknown options: '--brokers', '3'");
    }
}
