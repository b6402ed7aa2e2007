package dev.digitstream.testing.secured;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the JDK's keytool once per line of a file, in one JVM: a fresh JVM per keytool command costs
 * seconds each on a loaded machine. Started by {@link TestCertificates} with keytool's package exported;
 * each line is one command's arguments, separated by tabs. keytool exits the JVM on the first failure.
 */
public final class KeytoolBatch {

    private KeytoolBatch() {}

    public static void main(final String[] args) throws Exception {
        final Method keytool = Class.forName("sun.security.tools.keytool.Main").getMethod("main", String[].class);
        final List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        for (final String line : lines) {
            try {
                keytool.invoke(null, (Object) line.split("\t"));
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("keytool " + line.replace('\t', ' ') + " failed", e.getCause());
            }
        }
    }
}
