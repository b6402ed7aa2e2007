package dev.digitstream.tools.bench;

import java.util.HashSet;
import java.util.Set;

/**
 * Accounts for the ids a phase sent: each expected id is answered once, more than once (a duplicate)
 * or never (lost). Ids nobody expected are counted apart. Not thread-safe: one collector thread feeds it.
 */
final class DeliveryLedger {

    private final Set<String> expected;
    private final Set<String> answered = new HashSet<>();
    private long duplicates;
    private long unexpected;

    DeliveryLedger(final Set<String> expected) {
        this.expected = Set.copyOf(expected);
    }

    /** Records one answer for {@code id}. */
    void answer(final String id) {
        if (!expected.contains(id)) {
            unexpected++;
        } else if (!answered.add(id)) {
            duplicates++;
        }
    }

    boolean complete() {
        return answered.size() == expected.size();
    }

    long expected() {
        return expected.size();
    }

    long answered() {
        return answered.size();
    }

    long lost() {
        return expected.size() - answered.size();
    }

    /** Answers beyond the first for an id. */
    long duplicates() {
        return duplicates;
    }

    /** Answers for ids this phase did not send (another run's records on a reused topic). */
    long unexpected() {
        return unexpected;
    }
}
