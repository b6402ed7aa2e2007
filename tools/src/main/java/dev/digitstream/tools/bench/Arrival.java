package dev.digitstream.tools.bench;

/**
 * One output record as the harness saw it: the input id, when the input was created, when its output
 * arrived here (both epoch milliseconds) and the model version that answered (0 for pass-through
 * records and dead letters).
 */
record Arrival(String id, long createdAtMillis, long arrivedAtMillis, long modelVersion) {

    long latencyMillis() {
        return Math.max(0, arrivedAtMillis - createdAtMillis);
    }
}
