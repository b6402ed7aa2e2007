package dev.digitstream.trainer;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the CLI with its stdout and stderr captured.
 *
 * @param exitCode what the process would exit with
 * @param out      what it printed on stdout
 * @param err      what it printed on stderr
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = TrainerCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
