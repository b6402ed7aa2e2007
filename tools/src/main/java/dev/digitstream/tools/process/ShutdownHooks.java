package dev.digitstream.tools.process;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The Ctrl-C side of the commands: their shutdown hooks wait for the main thread to finish, then go away. */
public final class ShutdownHooks {

    private ShutdownHooks() {}

    /** In a hook: lets the main thread finish its clean-up, for at most {@code timeout}. */
    public static void awaitQuietly(final CountDownLatch finished, final Duration timeout) {
        try {
            finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void removeQuietly(final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and cannot be removed.
        }
    }
}
