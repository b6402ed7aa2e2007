package dev.digitstream.tools.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A fresh streamer's predictions per second, counted from its process start, while it works through a
 * backlog: how long a restarted, rebalanced or added instance takes to reach full speed. The steady rate
 * is the median of the seconds in which the middle of the backlog (its 30th to 90th percentile) was
 * answered, after the start and before the last partitions run dry.
 */
final class StartUpCurve {

    private static final double STEADY_FROM = 0.3;
    private static final double STEADY_TO = 0.9;
    private static final int MEAN_WINDOW = 5;

    /** Predictions that arrived in each second after the process start. */
    private final long[] perSecond;
    /** The processes' cores in the same seconds, where they were sampled ({@link CpuPerSecond}). */
    private final List<CpuPerSecond.Second> cpu;

    private StartUpCurve(final long[] perSecond, final List<CpuPerSecond.Second> cpu) {
        this.perSecond = perSecond;
        this.cpu = List.copyOf(cpu);
    }

    /** The curve of these arrivals, counted from {@code processStartMillis}. */
    static StartUpCurve of(final List<Arrival> arrivals, final long processStartMillis) {
        return of(arrivals, processStartMillis, List.of());
    }

    /** As above, with each second's cores per process, the first from {@code processStartMillis} on. */
    static StartUpCurve of(
            final List<Arrival> arrivals, final long processStartMillis, final List<CpuPerSecond.Second> cpu) {
        final long last =
                arrivals.stream().mapToLong(Arrival::arrivedAtMillis).max().orElse(processStartMillis);
        final long[] perSecond = new long[(int) ((last - processStartMillis) / 1000) + 1];
        for (final Arrival arrival : arrivals) {
            perSecond[(int) Math.max(0, (arrival.arrivedAtMillis() - processStartMillis) / 1000)]++;
        }
        return new StartUpCurve(perSecond, cpu);
    }

    long[] perSecond() {
        return perSecond.clone();
    }

    /** The first second with a prediction, from the process start. */
    OptionalInt firstPredictionSecond() {
        for (int s = 0; s < perSecond.length; s++) {
            if (perSecond[s] > 0) {
                return OptionalInt.of(s);
            }
        }
        return OptionalInt.empty();
    }

    /** The median of the per-second counts while the middle of the backlog was answered. */
    double steadyRate() {
        final long total = Arrays.stream(perSecond).sum();
        final List<Long> middle = new ArrayList<>();
        long answered = 0;
        for (final long count : perSecond) {
            answered += count;
            if (answered > total * STEADY_FROM && answered - count < total * STEADY_TO) {
                middle.add(count);
            }
        }
        if (middle.isEmpty()) {
            return 0;
        }
        middle.sort(Long::compare);
        return middle.get(middle.size() / 2);
    }

    /**
     * The end of the first second, counted from the process start, from which on every second until the
     * steady part of the backlog reached {@code share} of the steady rate.
     */
    OptionalInt secondsToReach(final double share) {
        final double threshold = share * steadyRate();
        final long total = Arrays.stream(perSecond).sum();
        long answered = 0;
        int candidate = -1;
        for (int s = 0; s < perSecond.length; s++) {
            answered += perSecond[s];
            if (perSecond[s] >= threshold) {
                candidate = candidate < 0 ? s : candidate;
            } else if (answered < total * STEADY_TO) {
                candidate = -1;
            }
            if (candidate >= 0 && answered >= total * STEADY_TO) {
                return OptionalInt.of(candidate + 1);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The end of the first second, counted from the process start, at which the mean of the last {@code
     * window} seconds reached {@code share} of the steady rate: the climb without the per-second noise of
     * batches arriving in bursts, which can put a single second under the bar long after full speed. It
     * trails the climb by up to {@code window - 1} seconds ({@link #secondsToReachCentredMean}).
     */
    OptionalInt secondsToReachMean(final double share, final int window) {
        final double threshold = share * steadyRate();
        long sum = 0;
        for (int s = 0; s < perSecond.length; s++) {
            sum += perSecond[s] - (s >= window ? perSecond[s - window] : 0);
            if (s >= window - 1 && sum >= threshold * window && threshold > 0) {
                return OptionalInt.of(s + 1);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The end of the first second, counted from the process start, whose centred mean (that second with
     * {@code window / 2} seconds either side) reached {@code share} of the steady rate. A trailing mean
     * lags the curve it smooths: after a jump to full speed it reaches the bar {@code window - 1} seconds
     * late. The centred mean is exact on a linear climb and at most {@code window / 2} seconds late on a
     * jump.
     */
    OptionalInt secondsToReachCentredMean(final double share, final int window) {
        final OptionalInt trailing = secondsToReachMean(share, window);
        return trailing.isPresent() ? OptionalInt.of(trailing.getAsInt() - window / 2) : trailing;
    }

    /** The report: the per-second counts and the times that matter. */
    String text() {
        final StringBuilder text = new StringBuilder();
        final List<String> names =
                cpu.isEmpty() ? List.of() : List.copyOf(cpu.get(0).cores().keySet());
        text.append("second after process start: predictions")
                .append(names.isEmpty() ? "" : "; cores (of them JIT compilers): " + String.join(", ", names))
                .append('\n');
        for (int s = 0; s < perSecond.length; s++) {
            text.append(String.format(Locale.ROOT, "%4d: %,7d", s + 1, perSecond[s]));
            if (s < cpu.size()) {
                for (final String name : names) {
                    text.append(String.format(
                            Locale.ROOT,
                            "  %5.2f (%4.2f)",
                            cpu.get(s).cores().getOrDefault(name, Double.NaN),
                            cpu.get(s).jitCores().getOrDefault(name, Double.NaN)));
                }
            }
            text.append('\n');
        }
        final double steady = steadyRate();
        text.append(String.format(Locale.ROOT, "steady rate: %,.0f predictions/s%n", steady));
        text.append("first prediction: "
                + firstPredictionSecond().stream()
                        .mapToObj(s -> "in second " + (s + 1))
                        .findFirst()
                        .orElse("none")
                + "\n");
        text.append("90% of the steady rate from: " + afterStart(secondsToReach(0.9)) + "\n");
        text.append("90% of the steady rate, " + MEAN_WINDOW + "-second mean, from: "
                + afterStart(secondsToReachMean(0.9, MEAN_WINDOW)) + "\n");
        text.append("90% of the steady rate, centred " + MEAN_WINDOW + "-second mean, at: "
                + afterStart(secondsToReachCentredMean(0.9, MEAN_WINDOW)) + "\n");
        text.append("backlog answered: " + afterStart(OptionalInt.of(perSecond.length)) + "\n");
        return text.toString();
    }

    private static String afterStart(final OptionalInt seconds) {
        return seconds.stream()
                .mapToObj(s -> s + " s after the process start")
                .findFirst()
                .orElse("never");
    }
}
