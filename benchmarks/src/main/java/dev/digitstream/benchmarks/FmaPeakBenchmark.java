package dev.digitstream.benchmarks;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * One core's floating-point peak as Java reaches it: 12 independent chains of vector {@code fma} at the
 * CPU's preferred width, nothing loaded or stored, so that the FMA units' throughput is all that limits
 * it (12 chains cover 2 units x 4-5 cycles of latency). One operation is one vector {@code fma}: FLOP/s
 * is JMH's ops/s x 2 x the lanes per vector (8 at 256 bits, 16 at 512; the set-up logs them). The
 * classifier's share of one core's peak is its images/s x the work per image / that.
 */
@State(Scope.Thread)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FmaPeakBenchmark {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int CHAINS = 12;
    private static final int ROUNDS = 10_000;

    private final float[] seeds = {0.999f, 1.0001f, 0.5f};

    @Setup
    public void setUp() {
        LoggerFactory.getLogger(FmaPeakBenchmark.class)
                .info(
                        "{}-bit vectors, {} lanes: FLOP/s = ops/s x {}",
                        SPECIES.vectorBitSize(),
                        SPECIES.length(),
                        2 * SPECIES.length());
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(ROUNDS * CHAINS)
    public float fmaPeak() {
        return fmaChains(seeds, ROUNDS);
    }

    /** {@link #CHAINS} x {@code rounds} vector {@code fma}s at {@link #SPECIES}, their result summed. */
    static float fmaChains(final float[] seeds, final int rounds) {
        final FloatVector a = FloatVector.broadcast(SPECIES, seeds[0]);
        final FloatVector b = FloatVector.broadcast(SPECIES, seeds[2]);
        FloatVector x0 = FloatVector.broadcast(SPECIES, seeds[1]);
        FloatVector x1 = x0;
        FloatVector x2 = x0;
        FloatVector x3 = x0;
        FloatVector x4 = x0;
        FloatVector x5 = x0;
        FloatVector x6 = x0;
        FloatVector x7 = x0;
        FloatVector x8 = x0;
        FloatVector x9 = x0;
        FloatVector x10 = x0;
        FloatVector x11 = x0;
        for (int i = 0; i < rounds; i++) {
            x0 = x0.fma(a, b);
            x1 = x1.fma(a, b);
            x2 = x2.fma(a, b);
            x3 = x3.fma(a, b);
            x4 = x4.fma(a, b);
            x5 = x5.fma(a, b);
            x6 = x6.fma(a, b);
            x7 = x7.fma(a, b);
            x8 = x8.fma(a, b);
            x9 = x9.fma(a, b);
            x10 = x10.fma(a, b);
            x11 = x11.fma(a, b);
        }
        return x0.add(x1)
                .add(x2)
                .add(x3)
                .add(x4)
                .add(x5)
                .add(x6)
                .add(x7)
                .add(x8)
                .add(x9)
                .add(x10)
                .add(x11)
                .reduceLanes(VectorOperators.ADD);
    }
}
