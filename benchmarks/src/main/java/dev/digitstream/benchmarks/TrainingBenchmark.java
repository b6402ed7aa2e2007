package dev.digitstream.benchmarks;

import dev.digitstream.model.Hyperparameters;
import dev.digitstream.model.ImageSequences;
import dev.digitstream.model.LstmNetwork;
import dev.digitstream.model.LstmTraining;
import dev.digitstream.model.Nd4jThreads;
import dev.digitstream.model.UpdaterKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, backpropagation through time, Adam) on a batch of {@link #BATCH} images:
 * DL4J's {@code fit} ({@code path=dl4j}, the baseline, with {@code threads} ND4J threads) against the
 * trainer's fast path ({@code path=fast}, {@link LstmTraining} on {@code threads} threads), in the same
 * run. Reports training images/s. Run with {@code OMP_NUM_THREADS} equal to {@code threads} for DL4J.
 */
@State(Scope.Thread)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TrainingBenchmark {

    /** The trainer's default batch size. */
    static final int BATCH = 128;

    private static final int BATCHES = 16;

    @Param({"dl4j", "fast"})
    public String path;

    @Param({"1", "2"})
    public int threads;

    private MultiLayerNetwork network;
    private LstmTraining training;
    private final List<List<byte[]>> images = new ArrayList<>();
    private final List<DataSet> dataSets = new ArrayList<>();
    private final int[] labels = new int[BATCH];
    private int next;

    @Setup
    public void setUp() {
        Nd4jThreads.configure(path.equals("dl4j") ? threads : 1);
        network = LstmNetwork.build(new Hyperparameters(UpdaterKind.ADAM, 1e-3, BATCH, 1, 42));
        final List<byte[]> pool = BenchmarkImages.load(BATCH * BATCHES);
        final float[] oneHot = new float[BATCH * LstmNetwork.CLASSES];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = i % LstmNetwork.CLASSES;
            oneHot[i * LstmNetwork.CLASSES + labels[i]] = 1f;
        }
        for (int b = 0; b < BATCHES; b++) {
            final List<byte[]> batch = pool.subList(b * BATCH, (b + 1) * BATCH);
            images.add(batch);
            dataSets.add(new DataSet(
                    ImageSequences.toSequences(batch), Nd4j.create(oneHot, new long[] {BATCH, LstmNetwork.CLASSES})));
        }
        switch (path) {
            case "dl4j" -> training = null;
            case "fast" -> training = LstmTraining.of(network, threads);
            default -> throw new IllegalArgumentException("path must be dl4j or fast, got " + path);
        }
    }

    @TearDown
    public void tearDown() {
        if (training != null) {
            training.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(BATCH)
    public double trainingStep() {
        final int batch = next++ % BATCHES;
        if (training == null) {
            network.fit(dataSets.get(batch));
            return network.score();
        }
        return training.fit(images.get(batch), labels, 1e-3);
    }
}
