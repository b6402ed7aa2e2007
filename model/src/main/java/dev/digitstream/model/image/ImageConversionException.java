package dev.digitstream.model.image;

/**
 * A picture that cannot become a digit image (missing, unreadable, blank); its message is one line a
 * user can act on, without a stack trace.
 */
public final class ImageConversionException extends RuntimeException {

    ImageConversionException(final String message) {
        super(message);
    }
}
