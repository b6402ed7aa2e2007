package dev.digitstream.tools.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cores each process used, and of them its JIT compiler threads ({@link CompilerThreads}), second by
 * second from a moment on (a streamer's process start): on a 2-core machine, what a fresh streamer's
 * throughput competes with while it climbs to full speed.
 */
final class CpuPerSecond implements AutoCloseable {

    /** One second: cores by process name, and of them its compiler threads' (NaN where unknown). */
    record Second(Map<String, Double> cores, Map<String, Double> jitCores) {}

    private final Map<String, ProcessHandle> processes;
    private final long fromMillis;
    private final List<Second> seconds = new ArrayList<>();
    private final Thread sampler;

    private CpuPerSecond(final Map<String, ProcessHandle> processes, final long fromMillis) {
        this.processes = Collections.unmodifiableMap(new LinkedHashMap<>(processes)); // in the report's order
        this.fromMillis = fromMillis;
        this.sampler = new Thread(this::sampleEachSecond, "cpu-per-second");
        sampler.setDaemon(true);
    }

    /**
     * Starts sampling {@code processes} (in their map's order) now, and then at the end of each second
     * counted from {@code fromMillis}.
     */
    static CpuPerSecond start(final Map<String, ProcessHandle> processes, final long fromMillis) {
        final CpuPerSecond cpu = new CpuPerSecond(processes, fromMillis);
        cpu.sampler.start();
        return cpu;
    }

    /** The moment the first second starts (the streamer's process start). */
    long fromMillis() {
        return fromMillis;
    }

    /** The seconds sampled so far, the first one starting at {@code fromMillis}. */
    synchronized List<Second> seconds() {
        return List.copyOf(seconds);
    }

    @Override
    public void close() {
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sampleEachSecond() {
        Reading previous = Reading.now(processes);
        for (long second = 1; ; second++) {
            final long wait = fromMillis + second * 1000 - System.currentTimeMillis();
            try {
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            } catch (InterruptedException e) {
                return;
            }
            final Reading current = Reading.now(processes);
            synchronized (this) {
                seconds.add(current.since(previous));
            }
            previous = current;
        }
    }

    /** Every process's CPU time and its compiler threads' at one moment. */
    private record Reading(CpuUse cpu, Map<String, Double> jitSeconds) {

        static Reading now(final Map<String, ProcessHandle> processes) {
            final Map<String, Double> jit = new LinkedHashMap<>();
            processes.forEach((name, process) ->
                    jit.put(name, CompilerThreads.cpuSeconds(process.pid()).orElse(Double.NaN)));
            return new Reading(CpuUse.now(processes), jit);
        }

        Second since(final Reading earlier) {
            final double wall = (cpu.atNanos() - earlier.cpu.atNanos()) / 1e9;
            final Map<String, Double> jitCores = new LinkedHashMap<>();
            jitSeconds.forEach((name, seconds) ->
                    jitCores.put(name, (seconds - earlier.jitSeconds.getOrDefault(name, Double.NaN)) / wall));
            return new Second(cpu.coresSince(earlier.cpu), jitCores);
        }
    }
}
