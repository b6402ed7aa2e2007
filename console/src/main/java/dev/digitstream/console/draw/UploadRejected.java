package dev.digitstream.console.draw;

import org.springframework.http.HttpStatus;

/** A drawn digit the console cannot take or answer: the status and one line the page shows as it is. */
public final class UploadRejected extends RuntimeException {

    private final HttpStatus status;

    public UploadRejected(final HttpStatus status, final String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
