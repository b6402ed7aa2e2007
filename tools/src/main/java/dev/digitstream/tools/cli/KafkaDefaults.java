package dev.digitstream.tools.cli;

import dev.digitstream.cli.KafkaConnection;

/** The {@code digits} commands' Kafka connection options: the shared mixin with the tools' own default wait. */
public final class KafkaDefaults {

    private static final int TIMEOUT_SECONDS = 10;

    private KafkaDefaults() {}

    /** A fresh mixin instance for one command's {@code @Mixin} field. */
    public static KafkaConnection connection() {
        return new KafkaConnection(TIMEOUT_SECONDS);
    }
}
