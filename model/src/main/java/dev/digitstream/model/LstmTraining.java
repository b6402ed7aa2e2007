package dev.digitstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Trains an {@link LstmNetwork}'s weights in plain Java on several threads: each batch is cut into
 * shards of {@link LstmBackprop#SHARD} images, whose gradients ({@link LstmBackprop}) the threads
 * compute side by side and which are then summed in shard order, so that the result does not depend
 * on the number of threads; then one {@link AdamOptimizer} step. DL4J stays the model's definition and
 * format: the weights start from a DL4J network and are written back into one ({@link #writeTo}).
 *
 * <p>Not thread-safe: one caller drives it; the worker threads are its own.
 */
public final class LstmTraining implements AutoCloseable {

    private static final int HIDDEN = LstmNetwork.HIDDEN;
    private static final int GATES = LstmWeights.GATES;

    private final LstmWeights weights;
    private final MatrixProducts products;
    private final AdamOptimizer adam = new AdamOptimizer();
    /** The averaged weights, or null: then the weights themselves are evaluated and written back. */
    private final WeightAverage average;

    private final LstmBackprop[] workers;
    private final ExecutorService pool;
    private final List<LstmWeights> shardGradients = new ArrayList<>();
    private final float[][] recurrentTransposed1 = new float[GATES][HIDDEN];
    private final float[][] transposed2 = new float[GATES][2 * HIDDEN];

    private LstmTraining(
            final LstmWeights weights, final MatrixProducts products, final int threads, final double averaging) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.weights = weights;
        this.average = averaging == 0 ? null : new WeightAverage(weights, averaging);
        this.products = products;
        this.workers = new LstmBackprop[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new LstmBackprop(products);
        }
        this.pool = threads == 1
                ? null
                : Executors.newFixedThreadPool(threads - 1, runnable -> {
                    final Thread thread = new Thread(runnable, "lstm-training");
                    thread.setDaemon(true);
                    return thread;
                });
        transposeWeights();
    }

    /** Training that starts from the network's current weights, on {@code threads} threads (the caller's included). */
    public static LstmTraining of(final MultiLayerNetwork network, final int threads) {
        return of(network, threads, 0);
    }

    /**
     * As {@link #of(MultiLayerNetwork, int)}, evaluating and writing back an exponential moving average of
     * the weights ({@link WeightAverage}) with this decay; 0 uses the weights themselves.
     */
    public static LstmTraining of(final MultiLayerNetwork network, final int threads, final double averaging) {
        return new LstmTraining(LstmWeights.of(network), MatrixProducts.FASTEST, threads, averaging);
    }

    /**
     * One Adam step on the batch's mean cross-entropy.
     *
     * @param images       the batch's 28x28 images
     * @param labels       the true digit of each image
     * @param learningRate Adam's learning rate for this step
     * @return the batch's mean loss before the step
     */
    public double fit(final List<byte[]> images, final int[] labels, final double learningRate) {
        final double loss = computeGradient(images, labels);
        adam.update(weights, shardGradients.get(0), learningRate);
        if (average != null) {
            average.update(weights);
        }
        transposeWeights();
        return loss;
    }

    /** The probabilities of the 10 digits for each image with the current (or averaged) weights, on every thread. */
    public float[] probabilities(final List<byte[]> images) {
        final int parts = Math.min(workers.length, Math.max(1, images.size() / LstmInference.CHUNK));
        final int size = (images.size() + parts - 1) / parts;
        final float[] probabilities = new float[images.size() * LstmNetwork.CLASSES];
        runInParallel(parts, part -> {
            final int from = part * size;
            final int to = Math.min(images.size(), from + size);
            if (from < to) {
                final float[] some = new LstmInference(evaluated(), products).probabilities(images.subList(from, to));
                System.arraycopy(some, 0, probabilities, from * LstmNetwork.CLASSES, some.length);
            }
        });
        return probabilities;
    }

    /** Writes the current (or averaged) weights into the network (one built by {@link LstmNetwork}). */
    public void writeTo(final MultiLayerNetwork network) {
        evaluated().writeTo(network);
    }

    /** The weights that are evaluated and written back: the average, when averaging. */
    private LstmWeights evaluated() {
        return average != null ? average.weights() : weights;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Sums the shards' gradients into the first shard's and returns the batch's mean loss. */
    double computeGradient(final List<byte[]> images, final int[] labels) {
        if (images.isEmpty() || labels.length != images.size()) {
            throw new IllegalArgumentException(
                    "a batch needs one label per image, got " + images.size() + " images and " + labels.length);
        }
        final int batchSize = images.size();
        final int shards = (batchSize + LstmBackprop.SHARD - 1) / LstmBackprop.SHARD;
        while (shardGradients.size() < shards) {
            shardGradients.add(LstmWeights.zeros());
        }
        final double[] losses = new double[shards];
        runInParallel(workers.length, worker -> {
            for (int shard = worker; shard < shards; shard += workers.length) {
                final LstmWeights gradient = shardGradients.get(shard);
                gradient.clear();
                final int first = shard * LstmBackprop.SHARD;
                losses[shard] = workers[worker].accumulate(
                        images,
                        labels,
                        first,
                        Math.min(LstmBackprop.SHARD, batchSize - first),
                        batchSize,
                        weights,
                        recurrentTransposed1,
                        transposed2,
                        gradient);
            }
        });
        double loss = losses[0];
        for (int shard = 1; shard < shards; shard++) {
            shardGradients.get(0).add(shardGradients.get(shard));
            loss += losses[shard];
        }
        return loss / batchSize;
    }

    /** The summed gradient of the last {@link #computeGradient} call. */
    LstmWeights gradient() {
        return shardGradients.get(0);
    }

    /** Runs {@code task(0..parts-1)}: part 0 on the caller, the others on the pool; rethrows the first failure. */
    private void runInParallel(final int parts, final IntTask task) {
        final List<Future<?>> others = new ArrayList<>(parts);
        for (int part = 1; part < parts; part++) {
            final int index = part;
            others.add(pool.submit(() -> task.run(index)));
        }
        task.run(0);
        for (final Future<?> other : others) {
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private void transposeWeights() {
        final float[][] lstm1 = weights.lstm1();
        final float[][] lstm2 = weights.lstm2();
        for (int k = 0; k < HIDDEN; k++) {
            final float[] row = lstm1[ImageSequences.FEATURES + k];
            for (int j = 0; j < GATES; j++) {
                recurrentTransposed1[j][k] = row[j];
            }
        }
        for (int k = 0; k < 2 * HIDDEN; k++) {
            final float[] row = lstm2[k];
            for (int j = 0; j < GATES; j++) {
                transposed2[j][k] = row[j];
            }
        }
    }

    @FunctionalInterface
    private interface IntTask {
        void run(int part);
    }
}
