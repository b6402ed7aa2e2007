package dev.digitstream.mnist;

/** MNIST data that cannot be found, downloaded, verified or parsed; the message says which file and why. */
public final class MnistException extends RuntimeException {

    public MnistException(final String message) {
        super(message);
    }

    public MnistException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
