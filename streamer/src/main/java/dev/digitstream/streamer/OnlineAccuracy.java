package dev.digitstream.streamer;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's sliding windows over live traffic: per model version, whether its last {@code window}
 * labeled answers were right; per candidate, whether it agreed with serving on its last {@code window}
 * shadowed images. For operators (Prometheus, {@code /model}, health); the promotion itself is decided
 * from the whole cluster's scores by the {@link RolloutJudge}.
 */
final class OnlineAccuracy {

    private final int window;
    private final Map<Long, Window> accuracy = new ConcurrentHashMap<>();
    private final Map<Long, Window> agreement = new ConcurrentHashMap<>();

    OnlineAccuracy(final int window) {
        this.window = window;
    }

    void labeled(final long version, final boolean correct) {
        accuracy.computeIfAbsent(version, v -> new Window(window)).add(correct);
    }

    void compared(final long candidate, final boolean agreed) {
        agreement.computeIfAbsent(candidate, v -> new Window(window)).add(agreed);
    }

    /** Share of the version's last labeled answers that were right; empty before the first. */
    OptionalDouble accuracy(final long version) {
        final Window w = accuracy.get(version);
        return w == null ? OptionalDouble.empty() : w.share();
    }

    /** Labeled answers of the version in its window. */
    long labeled(final long version) {
        final Window w = accuracy.get(version);
        return w == null ? 0 : w.size();
    }

    /** Share of the candidate's last shadowed images on which it gave serving's digit. */
    OptionalDouble agreement(final long candidate) {
        final Window w = agreement.get(candidate);
        return w == null ? OptionalDouble.empty() : w.share();
    }

    /** A ring of the last outcomes, with their count of trues. */
    private static final class Window {

        private final boolean[] outcomes;
        private int next;
        private int size;
        private int trues;

        Window(final int capacity) {
            this.outcomes = new boolean[capacity];
        }

        synchronized void add(final boolean outcome) {
            if (size == outcomes.length) {
                trues -= outcomes[next] ? 1 : 0;
            } else {
                size++;
            }
            outcomes[next] = outcome;
            trues += outcome ? 1 : 0;
            next = (next + 1) % outcomes.length;
        }

        synchronized OptionalDouble share() {
            return size == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) trues / size);
        }

        synchronized int size() {
            return size;
        }
    }
}
