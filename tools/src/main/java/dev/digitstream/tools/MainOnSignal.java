package dev.digitstream.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Runs another program's {@code main} when a line arrives on standard input. Local mode starts the
 * trainer's {@code publish} this way ahead of time, so that the JVM has started and loaded its classes
 * when the moment to publish comes: the second version then lands at once, not seconds later.
 *
 * <p>Arguments: the main class, then its arguments. End of input without a line exits with code 3.
 */
public final class MainOnSignal {

    private MainOnSignal() {
    }

    public static void main(final String[] args) throws ReflectiveOperationException, IOException {
        final Method main = Class.forName(args[0]).getMethod("main", String[].class);
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (in.readLine() == null) {
            System.exit(3);
        }
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(args[0] + " failed", e.getCause());
        }
    }
}
