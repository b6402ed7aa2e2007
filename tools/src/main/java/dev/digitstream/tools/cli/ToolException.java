package dev.digitstream.tools.cli;

/**
 * A failure the user can fix (a missing file, an unreachable broker, a missing topic); its message is
 * the one line the CLI prints, without a stack trace.
 */
public final class ToolException extends RuntimeException {

    public ToolException(final String message) {
        super(message);
    }

    public ToolException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
