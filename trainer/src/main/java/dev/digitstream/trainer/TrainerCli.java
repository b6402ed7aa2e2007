package dev.digitstream.trainer;

import dev.digitstream.cli.KafkaConfigException;
import dev.digitstream.mnist.MnistException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** The trainer's command line: {@code train} and {@code publish}. */
@Command(
        name = "digitstream-trainer",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {TrainCommand.class, PublishCommand.class},
        description = "Trains the MNIST LSTM and publishes model versions to Kafka.")
public final class TrainerCli implements Runnable {

    /** Logging configuration of the CLI; a resource of its own so that modules reusing this jar keep theirs. */
    static final String LOGBACK_CONFIG = "dev/digitstream/trainer/logback-cli.xml";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: train or publish");
    }

    public static void main(final String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with the error handling of the real CLI, for {@code main} and for tests. */
    public static CommandLine commandLine() {
        System.setProperty("java.awt.headless", "true");
        return new CommandLine(new TrainerCli())
                .setParameterExceptionHandler(new BadParameter())
                .setExecutionExceptionHandler(new Failure());
    }

    /** A bad option: one line and the usage exit code. */
    static final class BadParameter implements IParameterExceptionHandler {
        @Override
        public int handleParseException(final ParameterException e, final String[] args) {
            final CommandLine command = e.getCommandLine();
            command.getErr()
                    .println(oneLine(e.getMessage()) + " (see "
                            + command.getCommandSpec().qualifiedName() + " --help)");
            command.getErr().flush();
            return command.getCommandSpec().exitCodeOnInvalidInput();
        }
    }

    /** An expected failure becomes its one-line message; anything else is a bug and is logged with its trace. */
    static final class Failure implements IExecutionExceptionHandler {
        private static final Logger LOG = LoggerFactory.getLogger(TrainerCli.class);

        @Override
        public int handleExecutionException(final Exception e, final CommandLine command, final ParseResult parsed) {
            final PrintWriter err = command.getErr();
            final int exitCode;
            if (e instanceof TrainerException failure) {
                err.println(oneLine(failure.getMessage()));
                exitCode = failure.exitCode();
            } else if (e instanceof KafkaConfigException failure) {
                err.println(oneLine(failure.getMessage()));
                exitCode = KafkaConfigException.EXIT_CODE;
            } else if (e instanceof MnistException failure) {
                err.println(oneLine(failure.getMessage()));
                exitCode = TrainerException.FAILED;
            } else {
                LOG.error("Unexpected failure", e);
                err.println("Unexpected failure: " + oneLine(String.valueOf(e)));
                exitCode = command.getCommandSpec().exitCodeOnExecutionException();
            }
            err.flush();
            return exitCode;
        }
    }

    private static String oneLine(final String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
