package dev.digitstream.tools.produce;

import java.util.concurrent.locks.LockSupport;

/** Spaces events evenly at a target rate, measured from the first one; a rate of 0 means flat out. */
public final class Pacer {

    private final double nanosPerEvent;
    private long start = -1;

    public Pacer(final double perSecond) {
        this.nanosPerEvent = perSecond > 0 ? 1e9 / perSecond : 0;
    }

    /** Waits until event number {@code index} (from 0) is due. */
    public void awaitTurn(final long index) {
        if (nanosPerEvent == 0) {
            return;
        }
        if (start < 0) {
            start = System.nanoTime();
        }
        final long due = start + (long) (index * nanosPerEvent);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
