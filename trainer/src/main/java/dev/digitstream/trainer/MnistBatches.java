package dev.digitstream.trainer;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.model.ImageSequences;
import dev.digitstream.model.LstmNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Mini-batches of MNIST images: as {@link MnistBatch}es, or as DL4J's input ({@link MnistBatch#toDataSet()}). When shuffling, the order is drawn anew from
 * a generator seeded once, so each epoch sees a different order and every run the same sequence.
 */
final class MnistBatches implements DataSetIterator {

    private final MnistDataset data;
    private final int batchSize;
    private final Random random;
    private final int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    private MnistBatches(final MnistDataset data, final int batchSize, final Random random) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.random = random;
        this.order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle();
    }

    /** Batches in a new seeded order on every pass. */
    static MnistBatches shuffled(final MnistDataset data, final int batchSize, final long seed) {
        return new MnistBatches(data, batchSize, new Random(seed));
    }

    /** Batches in the data set's own order, for evaluation. */
    static MnistBatches inOrder(final MnistDataset data, final int batchSize) {
        return new MnistBatches(data, batchSize, null);
    }

    /** Number of batches in one pass. */
    int batchCount() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(final int num) {
        final DataSet batch = nextBatch(num).toDataSet();
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** The next batch as images and labels. */
    MnistBatch nextBatch() {
        return nextBatch(batchSize);
    }

    private MnistBatch nextBatch(final int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches in this pass");
        }
        final int size = Math.min(num, order.length - cursor);
        final List<byte[]> images = new ArrayList<>(size);
        final int[] labels = new int[size];
        for (int b = 0; b < size; b++) {
            final int index = order[cursor + b];
            images.add(data.image(index));
            labels[b] = data.label(index);
        }
        cursor += size;
        return new MnistBatch(images, labels);
    }

    @Override
    public void reset() {
        cursor = 0;
        shuffle();
    }

    private void shuffle() {
        if (random == null) {
            return;
        }
        for (int i = order.length - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            final int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    @Override
    public int inputColumns() {
        return ImageSequences.FEATURES;
    }

    @Override
    public int totalOutcomes() {
        return LstmNetwork.CLASSES;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(final DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }
}
