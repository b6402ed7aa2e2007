package dev.digitstream.tools.process;

import dev.digitstream.tools.cli.ToolException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java processes that local mode starts (broker, trainer, streamer), each with its output in a log
 * file. {@link #stopAll()} ends them newest first, politely (SIGTERM) and then by force, together with
 * any processes they started themselves, and waits until each is gone; it is safe to call twice.
 */
public final class ChildProcesses implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcesses.class);
    private static final Duration POLITE = Duration.ofSeconds(20);

    /**
     * A started child: its name, process and log file, and what to do once it has exited (run once: at
     * {@link #stopAll()}, or when it exits by itself).
     */
    public record Child(String name, Process process, Path log, Runnable afterExit) {

        public boolean alive() {
            return process.isAlive();
        }

        /** Whether its log has this line (the log may not exist yet). */
        public boolean logHasLine(final String line) {
            try {
                return Files.exists(log) && Files.readAllLines(log).contains(line);
            } catch (IOException e) {
                return false;
            }
        }

        /** The last lines of its log, to show when it failed. */
        public String logTail(final int lines) {
            try {
                final List<String> all = Files.readAllLines(log);
                return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    private final Path logDir;
    private final Deque<Child> running = new ArrayDeque<>();

    public ChildProcesses(final Path logDir) {
        this.logDir = logDir;
    }

    /** Starts {@code java <arguments...>} with ND4J on one native thread and its output in {@code <name>.log}. */
    public synchronized Child startJava(final String name, final List<String> arguments) {
        return startJava(name, arguments, false);
    }

    /**
     * As {@link #startJava(String, List)}; with {@code pipedInput} its standard input is a pipe to write
     * to (a prepared publication waits for a line on it) instead of empty.
     */
    public synchronized Child startJava(final String name, final List<String> arguments, final boolean pipedInput) {
        return startJava(name, arguments, pipedInput, process -> {});
    }

    /** As {@link #startJava(String, List)}, with these variables added to its environment. */
    public synchronized Child startJava(
            final String name, final List<String> arguments, final Map<String, String> environment) {
        return startJava(name, arguments, false, process -> {}, environment);
    }

    /** As {@link #startJava(String, List, boolean)}, handing the process to {@code afterExit} once it has exited. */
    public synchronized Child startJava(
            final String name,
            final List<String> arguments,
            final boolean pipedInput,
            final Consumer<Process> afterExit) {
        return startJava(name, arguments, pipedInput, afterExit, Map.of());
    }

    private Child startJava(
            final String name,
            final List<String> arguments,
            final boolean pipedInput,
            final Consumer<Process> afterExit,
            final Map<String, String> extraEnvironment) {
        final Path log = logDir.resolve(name + ".log");
        final List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(arguments);
        final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(pipedInput ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(nullDevice()));
        final Map<String, String> environment = builder.environment();
        // ND4J runs this network fastest with one native thread per process (see DESIGN.md).
        environment.put("OMP_NUM_THREADS", "1");
        environment.putAll(extraEnvironment);
        try {
            Files.createDirectories(logDir);
            final Process process = builder.start();
            final Runnable once = once(() -> afterExit.accept(process));
            final Child child = new Child(name, process, log, once);
            process.onExit().thenRun(once);
            running.push(child);
            LOG.debug("Started {} (pid {}), log {}", name, child.process().pid(), log);
            return child;
        } catch (IOException e) {
            throw new ToolException("Cannot start the " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits for a child that is meant to finish (a training run); its exit code. */
    int awaitExit(final Child child, final Duration timeout) {
        try {
            if (!child.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                terminate(child);
                throw new ToolException("The " + child.name() + " did not finish within " + timeout.toMinutes()
                        + " min; its log is " + child.log());
            }
            forget(child);
            child.afterExit().run();
            return child.process().exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while waiting for the " + child.name(), e);
        }
    }

    /** Stops one child (politely, then by force) and waits until it has exited. */
    public synchronized void stop(final Child child) {
        forget(child);
        terminate(child);
    }

    /** Stops every child still running, newest first. */
    public synchronized void stopAll() {
        while (!running.isEmpty()) {
            terminate(running.pop());
        }
    }

    @Override
    public void close() {
        stopAll();
    }

    private synchronized void forget(final Child child) {
        running.remove(child);
    }

    private static void terminate(final Child child) {
        final ProcessHandle handle = child.process().toHandle();
        final List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!child.process().waitFor(POLITE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "The {} (pid {}) did not stop within {} s; killing it",
                        child.name(),
                        handle.pid(),
                        POLITE.toSeconds());
                handle.destroyForcibly();
                child.process().waitFor(10, TimeUnit.SECONDS);
            }
            for (final ProcessHandle descendant : descendants) {
                descendant.destroyForcibly();
                descendant.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("A process started by the {} did not exit: {}", child.name(), e.toString());
        }
        if (!child.alive()) {
            child.afterExit().run();
        }
    }

    /** The {@code java} of the JVM running this: children run on the same Java as the tool that starts them. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs {@code action} at the first call only; a call while it runs waits until it has finished, so that
     * {@link #awaitExit} returns after the exit's work (a class data cache moved into place) even when the
     * process's own exit watcher started that work a moment before.
     */
    private static Runnable once(final Runnable action) {
        final AtomicBoolean done = new AtomicBoolean();
        return () -> {
            synchronized (done) {
                if (done.compareAndSet(false, true)) {
                    action.run();
                }
            }
        };
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
