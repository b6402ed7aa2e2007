package dev.digitstream.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a readable record: not Avro single-object encoded, written with a schema this
 * build does not know, or a body that does not match its schema. The reason says which, so that a
 * consumer can route the record to a dead-letter topic.
 */
public final class RecordDecodingException extends SerializationException {

    private final DeadLetterReason reason;

    public RecordDecodingException(final DeadLetterReason reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
