package dev.digitstream.cli;

/**
 * The handshake of a publication prepared ahead of its moment (local mode's second version, the bench's
 * swap): the trainer's {@code publish} with {@link #OPTION} checks the model, reads the models topic and
 * connects its producer, prints {@link #WAITING}, and publishes when a line arrives on its standard input. The work before the
 * line is the expensive part (a cold JVM restoring the model with DL4J), so the moment itself costs little.
 */
public final class PublicationSignal {

    /** The trainer's {@code publish} option that makes it wait for the line. */
    public static final String OPTION = "--wait-for-line";

    /** The line it prints once it is ready and waits. */
    public static final String WAITING = "Ready to publish; waiting for a line on standard input";

    private PublicationSignal() {}
}
