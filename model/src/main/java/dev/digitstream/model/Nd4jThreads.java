package dev.digitstream.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets how many native threads ND4J uses for one operation. On the 2-core development machine one
 * thread ran this network 2.5-3.3x faster than ND4J's default two (see DESIGN.md): parallelism
 * comes from batching and from separate inference threads, not from splitting tiny operations.
 */
public final class Nd4jThreads {

    private Nd4jThreads() {}

    public static void configure(final int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ND4J threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
