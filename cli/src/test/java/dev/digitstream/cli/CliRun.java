package dev.digitstream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of a command line with its stdout and stderr captured; the trainer's and the
 * tools' tests share it through this module's test-jar.
 *
 * @param exitCode what the process would exit with
 * @param out      what it printed on stdout
 * @param err      what it printed on stderr
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code commandLine}, a freshly configured one (its writers are replaced), with {@code args}. */
    public static CliRun of(final CommandLine commandLine, final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    public List<String> errLines() {
        return err.lines().toList();
    }

    public List<String> outLines() {
        return out.lines().toList();
    }
}
