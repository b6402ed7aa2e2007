package dev.digitstream.benchmarks;

import dev.digitstream.model.Classification;
import dev.digitstream.model.Classifier;
import dev.digitstream.model.Hyperparameters;
import dev.digitstream.model.LstmNetwork;
import dev.digitstream.model.Nd4jThreads;
import dev.digitstream.model.UpdaterKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Classifier} on DL4J's {@code output()} ({@code path=dl4j}, the baseline) and on the fast
 * path ({@code path=fast}, the default), in the same run so that their ratio is measured under the
 * same load. Throughput benchmarks report images/s (one operation = one image); {@code latency}
 * samples single-image calls for p50/p99. One thread, one classifier, one ND4J thread; run with
 * {@code OMP_NUM_THREADS=1} (see BENCHMARKS.md).
 */
@State(Scope.Thread)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClassifierBenchmark {

    /** Distinct images cycled through, so that no batch is computed twice in a row. */
    private static final int POOL = 4_096;

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierBenchmark.class);

    @Param({"dl4j", "fast"})
    public String path;

    @Param({"1"})
    public int nd4jThreads;

    private Classifier classifier;
    private List<byte[]> pool;
    private int next;

    @Setup
    public void setUp() {
        Nd4jThreads.configure(nd4jThreads);
        // Speed does not depend on the weights' values: an initialized network has the real shapes.
        final MultiLayerNetwork network = LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, 64, 1, 42));
        classifier = switch (path) {
            case "dl4j" -> Classifier.usingDl4jOutput(network);
            case "fast" -> new Classifier(network);
            default -> throw new IllegalArgumentException("path must be dl4j or fast, got " + path);
        };
        pool = BenchmarkImages.load(POOL);
        LOG.info(
                "path={} nd4jThreads={} OMP_NUM_THREADS={} inputs: {}",
                path,
                nd4jThreads,
                System.getenv("OMP_NUM_THREADS"),
                BenchmarkImages.source());
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(1)
    public List<Classification> batch0001() {
        return classify(1);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(32)
    public List<Classification> batch0032() {
        return classify(32);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(256)
    public List<Classification> batch0256() {
        return classify(256);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(1024)
    public List<Classification> batch1024() {
        return classify(1024);
    }

    /** Single-image latency: JMH's sample mode gives the p50/p99 of one {@code classify(byte[])} call. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Classification latency() {
        final byte[] image = pool.get(next);
        next = (next + 1) % POOL;
        return classifier.classify(image);
    }

    private List<Classification> classify(final int batch) {
        if (next + batch > POOL) {
            next = 0;
        }
        final List<Classification> result = classifier.classify(new ArrayList<>(pool.subList(next, next + batch)));
        next += batch;
        return result;
    }
}
