package dev.digitstream.tools;

import dev.digitstream.cli.KafkaConfigException;
import dev.digitstream.tools.acls.AclsCommand;
import dev.digitstream.tools.bench.BenchCommand;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.local.LocalCommand;
import dev.digitstream.tools.models.ModelsCommand;
import dev.digitstream.tools.produce.ProduceCommand;
import dev.digitstream.tools.watch.WatchCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code digits} demo CLI: send digits to the classifier, watch its predictions, run it all locally. */
@Command(
        name = "digits",
        mixinStandardHelpOptions = true,
        versionProvider = DigitsCli.Version.class,
        description = "Demo tools for digitstream, the handwritten-digit classifier that lives on Kafka.",
        subcommands = {
            ProduceCommand.class,
            WatchCommand.class,
            ModelsCommand.class,
            LocalCommand.class,
            BenchCommand.class,
            AclsCommand.class
        })
public final class DigitsCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests give it their own writers with {@code setOut}/{@code setErr}. */
    public static CommandLine commandLine() {
        final CommandLine commandLine = new CommandLine(new DigitsCli());
        commandLine.setParameterExceptionHandler(DigitsCli::badOption);
        commandLine.setExecutionExceptionHandler(DigitsCli::failure);
        return commandLine;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing command: produce, watch, models, local, bench or acls");
    }

    private static int badOption(final CommandLine.ParameterException e, final String[] args) {
        final PrintWriter err = e.getCommandLine().getErr();
        err.println("digits: " + e.getMessage() + " (see '"
                + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return 2;
    }

    private static int failure(final Exception e, final CommandLine commandLine, final CommandLine.ParseResult parsed) {
        final PrintWriter err = commandLine.getErr();
        if (e instanceof KafkaConfigException) {
            err.println("digits: " + e.getMessage());
            err.flush();
            return KafkaConfigException.EXIT_CODE;
        }
        if (e instanceof ToolException) {
            err.println("digits: " + e.getMessage());
        } else {
            // Not a condition we anticipated: still one line, with the exception type to report it by.
            err.println("digits: unexpected " + e.getClass().getName() + ": " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String version = DigitsCli.class.getPackage().getImplementationVersion();
            return new String[] {"digits " + (version == null ? "(development build)" : version)};
        }
    }
}
