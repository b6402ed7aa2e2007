package dev.digitstream.tools;

/**
 * A failure the user can fix (a missing file, an unreachable broker, a missing topic); its message is
 * the one line the CLI prints, without a stack trace.
 */
final class ToolException extends RuntimeException {

    ToolException(final String message) {
        super(message);
    }

    ToolException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
