package dev.digitstream.tools.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** The one-line progress messages of the commands that run the system, printed as they happen. */
public final class Narration {

    private Narration() {}

    public static void say(final PrintWriter out, final String format, final Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
