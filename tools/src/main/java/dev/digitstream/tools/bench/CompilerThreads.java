package dev.digitstream.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * The CPU time a JVM's JIT compiler threads (HotSpot's "C1 CompilerThread<n>" and "C2 CompilerThread<n>")
 * have used, read from Linux's {@code /proc/<pid>/task/<tid>/stat}: how much of a start-up's CPU went to
 * compiling rather than to the work. Empty where there is no {@code /proc} or the process has gone.
 */
final class CompilerThreads {

    /** Linux reports thread times in clock ticks of USER_HZ, 100 per second on every x86 kernel. */
    private static final double TICKS_PER_SECOND = 100.0;
    /** The kernel keeps 15 characters of a thread's name: "C2 CompilerThre". */
    private static final String NAME_PREFIX = "CompilerThre";

    private CompilerThreads() {}

    /** CPU seconds used so far by the compiler threads of {@code pid}. */
    static OptionalDouble cpuSeconds(final long pid) {
        final Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return OptionalDouble.of(
                    threads.mapToLong(CompilerThreads::compilerTicks).sum() / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    private static long compilerTicks(final Path thread) {
        try {
            return compilerTicks(Files.readString(thread.resolve("stat")));
        } catch (IOException e) {
            return 0; // the thread ended between the listing and the read
        }
    }

    /**
     * User plus system ticks from one {@code stat} line when its thread is a compiler thread, else 0. The
     * name sits in parentheses and may itself hold spaces and parentheses, so fields count from the last ')'.
     */
    static long compilerTicks(final String stat) {
        final int open = stat.indexOf('(');
        final int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return 0;
        }
        final String name = stat.substring(open + 1, close);
        if (!name.startsWith("C1 " + NAME_PREFIX) && !name.startsWith("C2 " + NAME_PREFIX)) {
            return 0;
        }
        // After the name: state(3) ppid(4) ... utime(14) stime(15), i.e. the 12th and 13th fields after ')'.
        final String[] fields = stat.substring(close + 2).trim().split(" +");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
