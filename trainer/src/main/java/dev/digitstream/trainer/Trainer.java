package dev.digitstream.trainer;

import com.sun.management.OperatingSystemMXBean;
import dev.digitstream.cli.ProgressBar;
import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.model.LstmNetwork;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link LstmNetwork} on MNIST, evaluates on the test set after every epoch and keeps the
 * weights of the best epoch: AdaDelta starts to overfit after epoch ~7 (DESIGN.md), so the last epoch
 * is not necessarily the one to publish.
 */
final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainingSettings settings;
    private final PrintStream terminal;

    /** @param terminal stderr when it is a terminal (progress redrawn in place), else null */
    Trainer(final TrainingSettings settings, final PrintStream terminal) {
        this.settings = settings;
        this.terminal = terminal;
    }

    TrainingResult train(final MnistDataset train, final MnistDataset test) {
        final int epochs = settings.hyperparameters().epochs();
        final MultiLayerNetwork network = LstmNetwork.build(settings.hyperparameters());
        final MnistBatches batches = MnistBatches.shuffled(
                train,
                settings.hyperparameters().batchSize(),
                settings.hyperparameters().seed());
        LOG.info(
                "Training on {} images, testing on {}, {} epochs: {}",
                train.size(),
                test.size(),
                epochs,
                settings.asMap());
        final long started = System.nanoTime();
        final long cpuStarted = cpuNanos();
        final List<EpochMetrics> history = new ArrayList<>(epochs);
        EpochMetrics best = null;
        INDArray bestParams = null;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            final long epochStarted = System.nanoTime();
            if (settings.decays() && epoch > 1) {
                network.setLearningRate(settings.learningRate(epoch));
            }
            final double trainLoss = fitEpoch(network, batches, epoch, epochs);
            final Evaluation evaluation = Evaluator.evaluate(network, test);
            final long now = System.nanoTime();
            final EpochMetrics metrics = new EpochMetrics(
                    epoch,
                    trainLoss,
                    evaluation.loss(),
                    evaluation.accuracy(),
                    (now - epochStarted) / 1e9,
                    (now - started) / 1e9,
                    (cpuNanos() - cpuStarted) / 1e9);
            history.add(metrics);
            LOG.info(String.format(
                    Locale.ROOT,
                    "Epoch %d/%d: train loss %.4f, test loss %.4f, test accuracy %.2f%%, %.1f s (%.1f s elapsed, %.1f CPU s)",
                    epoch,
                    epochs,
                    trainLoss,
                    evaluation.loss(),
                    evaluation.accuracy() * 100,
                    metrics.seconds(),
                    metrics.elapsedSeconds(),
                    metrics.cpuSeconds()));
            if (best == null || isBetter(metrics, best)) {
                best = metrics;
                bestParams = network.params().dup();
            }
            batches.reset();
        }
        network.setParams(bestParams);
        final double trainSeconds = (System.nanoTime() - started) / 1e9;
        LOG.info(String.format(
                Locale.ROOT,
                "Kept epoch %d: test accuracy %.2f%%, test loss %.4f; trained in %.1f s",
                best.epoch(),
                best.testAccuracy() * 100,
                best.testLoss(),
                trainSeconds));
        return new TrainingResult(
                network,
                new TrainingMetrics(
                        best.testAccuracy(),
                        best.testLoss(),
                        best.epoch(),
                        epochs,
                        trainSeconds,
                        train.size(),
                        test.size(),
                        settings.asMap(),
                        history));
    }

    private double fitEpoch(
            final MultiLayerNetwork network, final MnistBatches batches, final int epoch, final int epochs) {
        final String label = "epoch " + epoch + "/" + epochs;
        final int total = batches.batchCount();
        final ProgressBar progress = terminal != null
                ? ProgressBar.onTerminal(new PrintWriter(terminal, true), label, total, ProgressBar.Style.BARS)
                : ProgressBar.logged(LOG::info, label, total, ProgressBar.Style.BARS);
        double lossSum = 0;
        int done = 0;
        long images = 0;
        while (batches.hasNext()) {
            final DataSet batch = batches.next();
            network.fit(batch);
            lossSum += network.score();
            done++;
            images += batch.numExamples();
            final int batchesDone = done;
            final long imagesDone = images;
            final double runningLoss = lossSum / done;
            progress.update(done, () -> progressText(progress, batchesDone, total, imagesDone, runningLoss));
        }
        progress.finish();
        return done == 0 ? Double.NaN : lossSum / done;
    }

    /** The text after the bar: batches done, running loss, images/s and the time left. */
    private static String progressText(
            final ProgressBar progress,
            final int batchesDone,
            final int totalBatches,
            final long imagesDone,
            final double runningLoss) {
        final double seconds = progress.elapsedSeconds();
        final double fraction = progress.fraction(batchesDone);
        final long eta = Math.round(fraction > 0 ? seconds * (1 - fraction) / fraction : 0);
        return String.format(
                Locale.ROOT,
                "%d/%d batches, loss %.4f, %.0f images/s, ETA %d:%02d",
                batchesDone,
                totalBatches,
                runningLoss,
                imagesDone / seconds,
                eta / 60,
                eta % 60);
    }

    /** CPU time of the whole process: the native ND4J threads, the JVM's own and garbage collection. */
    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static boolean isBetter(final EpochMetrics candidate, final EpochMetrics best) {
        return candidate.testAccuracy() > best.testAccuracy()
                || candidate.testAccuracy() == best.testAccuracy() && candidate.testLoss() < best.testLoss();
    }
}
