package dev.digitstream.tools.process;

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
 * <p>Arguments: any number of {@code --initialize CLASS} (classes to load and initialize while
 * waiting, such as a library that loads native code in its static initializer), the main class, then
 * its arguments. It prints {@link #WAITING} once it waits. End of input without a line exits with code 3.
 */
public final class MainOnSignal {

    static final String INITIALIZE = "--initialize";
    /** The line it prints once the classes are initialized and it waits for the signal. */
    static final String WAITING = "Initialized; waiting for the line that starts the program";

    private MainOnSignal() {}

    public static void main(final String[] args) throws ReflectiveOperationException, IOException {
        int first = 0;
        while (first + 1 < args.length && INITIALIZE.equals(args[first])) {
            initialize(args[first + 1]);
            first += 2;
        }
        final Method main = Class.forName(args[first]).getMethod("main", String[].class);
        System.out.println(WAITING);
        System.out.flush();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (in.readLine() == null) {
            System.exit(3);
        }
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, first + 1, args.length));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(args[first] + " failed", e.getCause());
        }
    }

    /** Loads and initializes a class now; if that fails, the main program meets the failure when it needs it. */
    private static void initialize(final String className) {
        try {
            Class.forName(className, true, MainOnSignal.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            System.err.println("Could not initialize " + className + " ahead of time: " + e);
        }
    }
}
