package dev.digitstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.cli.CliRun;
import dev.digitstream.mnist.MnistTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerCliTest {

    @TempDir
    Path dir;

    @Test
    void shouldShowEveryOptionWithItsDefaultWhenAskedForHelp() {
        final CliRun run = CliRun.of(TrainerCli.commandLine(), "train", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        "--data-dir",
                        "--epochs",
                        "--batch-size",
                        "--updater",
                        "--learning-rate",
                        "--seed",
                        "--train-limit",
                        "--test-limit",
                        "--threads",
                        "--engine",
                        "--target-accuracy",
                        "--evaluate-every",
                        "--weight-averaging",
                        "--output",
                        "--min-accuracy",
                        "--bootstrap-servers",
                        "--topic",
                        "--model-name",
                        "--no-publish",
                        "--signing-key",
                        "--mirror");
        assertThat(run.out())
                .contains(
                        "(default: localhost:9092)",
                        "(default: digits.models)",
                        "(default: mnist-lstm)",
                        "(default: 100)",
                        "(default: fast with adam, else dl4j)",
                        "(default: 0.999 with the");
    }

    @Test
    void shouldPrintVersionWhenAsked() {
        final CliRun run = CliRun.of(TrainerCli.commandLine(), "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("digitstream-trainer ")
                .doesNotContain("unknown")
                .doesNotContain("${");
    }

    @Test
    void shouldFailWithOneLineWhenOptionIsUnknown() {
        final CliRun run = CliRun.of(TrainerCli.commandLine(), "train", "--epochz=3");

        assertThat(run.exitCode()).isEqualTo(2);
        assertOneLineWithoutStackTrace(run.err());
        assertThat(run.err()).contains("Unknown option: '--epochz=3'");
    }

    @Test
    void shouldFailWithOneLineWhenOptionValueIsInvalid() {
        final CliRun run = CliRun.of(TrainerCli.commandLine(), "train", "--updater", "sgd-with-magic", "--no-publish");

        assertThat(run.exitCode()).isEqualTo(2);
        assertOneLineWithoutStackTrace(run.err());
        assertThat(run.err()).contains("unknown updater 'sgd-with-magic'");
    }

    @Test
    void shouldFailWithOneLineWhenTheFastEngineIsAskedForAnotherUpdater() {
        final CliRun run = CliRun.of(
                TrainerCli.commandLine(), "train", "--engine", "fast", "--updater", "rmsprop", "--no-publish");

        assertThat(run.exitCode()).isEqualTo(2);
        assertOneLineWithoutStackTrace(run.err());
        assertThat(run.err()).contains("the fast engine trains with adam only; --engine dl4j trains with rmsprop");
    }

    @Test
    void shouldFailWithOneLineWhenTheTargetAccuracyIsAboveOne() {
        final CliRun run = CliRun.of(TrainerCli.commandLine(), "train", "--target-accuracy", "98", "--no-publish");

        assertThat(run.exitCode()).isEqualTo(2);
        assertOneLineWithoutStackTrace(run.err());
        assertThat(run.err()).contains("target accuracy must be in (0, 1], got 98.0");
    }

    @Test
    void shouldFailWithOneLineWhenBatchSizeIsZero() {
        final CliRun run = CliRun.of(TrainerCli.commandLine(), "train", "--batch-size", "0", "--no-publish");

        assertThat(run.exitCode()).isEqualTo(2);
        assertOneLineWithoutStackTrace(run.err());
        assertThat(run.err()).contains("batch size must be >= 1, got 0");
    }

    @Test
    void shouldFailWithTheUsageCodeBeforeTrainingWhenTheKafkaConfigFileIsMissing() {
        final Path missing = dir.resolve("no-such-client.properties");

        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "train",
                "--kafka-config",
                missing.toString(),
                "--output",
                dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertOneLineWithoutStackTrace(run.err());
        assertThat(run.err()).isEqualTo("--kafka-config " + missing + ": no such file" + System.lineSeparator());
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void shouldFailWithOneLineWhenDataDirIsMissing() {
        final Path missing = dir.resolve("no-mnist-here");

        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "train",
                "--data-dir",
                missing.toString(),
                "--no-publish",
                "--output",
                dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertOneLineWithoutStackTrace(run.err());
        assertThat(run.err()).isEqualTo("MNIST data directory " + missing + " does not exist" + System.lineSeparator());
    }

    @Test
    void shouldFailWithOneLineNamingFileWhenDataFileIsCorrupt() throws IOException {
        final Path data = Files.createDirectory(dir.resolve("mnist"));
        for (final String name :
                new String[] {"train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Files.copy(MnistTestData.directory().resolve(name), data.resolve(name));
        }
        Files.write(data.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0});

        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "train",
                "--data-dir",
                data.toString(),
                "--no-publish",
                "--output",
                dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertOneLineWithoutStackTrace(run.err());
        assertThat(run.err())
                .contains(data.resolve("train-images-idx3-ubyte").toString())
                .contains("truncated");
    }

    @Test
    void shouldFailWithOneLineWhenBrokerIsUnreachable() {
        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "train",
                "--data-dir",
                MnistTestData.directory().toString(),
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--kafka-timeout",
                "3",
                "--output",
                dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertOneLineWithoutStackTrace(run.err());
        assertThat(run.err()).contains("no answer from Kafka at 127.0.0.1:1 within 3 s");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void shouldFailWithOneLineWhenPublishingWithoutModel() {
        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "publish",
                "--model-dir",
                dir.toString(),
                "--bootstrap-servers",
                "127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertOneLineWithoutStackTrace(run.err());
        assertThat(run.err()).contains("No model.zip in " + dir);
    }

    @Test
    void shouldWriteFilesButExitThreeWhenBelowMinAccuracy() {
        final Path out = dir.resolve("out");

        final CliRun run = CliRun.of(
                TrainerCli.commandLine(),
                "train",
                "--data-dir",
                MnistTestData.directory().toString(),
                "--train-limit",
                "200",
                "--test-limit",
                "100",
                "--epochs",
                "1",
                "--batch-size",
                "50",
                "--min-accuracy",
                "0.99",
                "--no-publish",
                "--output",
                out.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertOneLineWithoutStackTrace(run.err());
        assertThat(run.err()).contains("is below --min-accuracy 0.9900: nothing published");
        assertThat(run.out()).isEmpty();
        assertThat(out.resolve("model.zip")).isNotEmptyFile();
        assertThat(out.resolve("metrics.json")).isNotEmptyFile();
        assertThat(out.resolve("training.png")).isNotEmptyFile();
    }

    private static void assertOneLineWithoutStackTrace(final String err) {
        assertThat(err.lines()).hasSize(1);
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
