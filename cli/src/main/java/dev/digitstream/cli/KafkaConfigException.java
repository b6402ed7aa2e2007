package dev.digitstream.cli;

/** A Kafka client properties file or property that cannot be used: bad input, one line, the usage exit code. */
public final class KafkaConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The exit code of bad input in both command lines. */
    public static final int EXIT_CODE = 2;

    public KafkaConfigException(final String message) {
        super(message);
    }
}
