package dev.digitstream.tools.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of a few processes (broker, streamer, this harness) at one moment; two readings give the
 * cores each used in between, the evidence of what limits a phase on a small shared machine.
 */
record CpuUse(Map<String, Double> cpuSeconds, long atNanos) {

    static CpuUse now(final Map<String, ProcessHandle> processes) {
        final Map<String, Double> seconds = new LinkedHashMap<>();
        processes.forEach((name, process) -> seconds.put(
                name,
                process.info()
                        .totalCpuDuration()
                        .map(duration -> duration.toNanos() / 1e9)
                        .orElse(Double.NaN)));
        return new CpuUse(seconds, System.nanoTime());
    }

    /** Cores each process used since {@code earlier}, by name. */
    Map<String, Double> coresSince(final CpuUse earlier) {
        final double wall = (atNanos - earlier.atNanos) / 1e9;
        final Map<String, Double> cores = new LinkedHashMap<>();
        cpuSeconds.forEach((name, seconds) -> cores.put(
                name, wall > 0 ? (seconds - earlier.cpuSeconds.getOrDefault(name, Double.NaN)) / wall : Double.NaN));
        return cores;
    }
}
