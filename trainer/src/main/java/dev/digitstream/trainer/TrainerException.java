package dev.digitstream.trainer;

/** An expected failure: the message is the one line the user sees, the exit code what the CLI returns. */
final class TrainerException extends RuntimeException {

    /** Exit code of a failed run (bad data, unreachable broker, unreadable files). */
    static final int FAILED = 1;
    /** Exit code when the model is below {@code --min-accuracy} and nothing was published. */
    static final int BELOW_QUALITY_GATE = 3;

    private final int exitCode;

    TrainerException(final String message) {
        this(message, FAILED, null);
    }

    TrainerException(final String message, final Throwable cause) {
        this(message, FAILED, cause);
    }

    TrainerException(final String message, final int exitCode, final Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
