package dev.digitstream.streamer;

import dev.digitstream.schemas.DeadLetterReason;

/** An input record that cannot be classified, with the dead-letter reason. Expected: no stack trace needed. */
final class InvalidImageException extends Exception {

    private final DeadLetterReason reason;

    InvalidImageException(final DeadLetterReason reason, final String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }
}
