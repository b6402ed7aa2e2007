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
import java.util.OptionalDouble;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link LstmNetwork} on MNIST with a {@link TrainingEngine}, evaluates on the test set after
 * every epoch (and, with a target accuracy, every few batches, stopping at the target) and keeps the
 * weights of the best evaluation: Adam starts to overfit after a few epochs, so the last epoch is not
 * necessarily the one to publish. The test set is what the evaluations and the target use, as in the
 * reference recipe and the PyTorch script the trainer is compared with (BENCHMARKS.md).
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
        final MnistBatches batches = MnistBatches.shuffled(
                train,
                settings.hyperparameters().batchSize(),
                settings.hyperparameters().seed());
        LOG.info(
                "Training on {} images, testing on {}, {} epochs, {} engine on {} thread(s): {}",
                train.size(),
                test.size(),
                epochs,
                settings.engine().cliName(),
                settings.threads(),
                settings.asMap());
        try (TrainingEngine engine = settings.engine().start(LstmNetwork.build(settings.hyperparameters()), settings)) {
            final Run run = new Run(engine, test);
            for (int epoch = 1; epoch <= epochs && !run.reachedTarget(); epoch++) {
                run.epoch(epoch, batches);
                batches.reset();
            }
            return run.result(train.size());
        }
    }

    /** One training run's state: the clock, the figures so far and the best weights. */
    private final class Run {

        private final TrainingEngine engine;
        private final MnistDataset test;
        private final long started = System.nanoTime();
        private final long cpuStarted = cpuNanos();
        private final List<EpochMetrics> history = new ArrayList<>();
        private final List<ProgressPoint> progress = new ArrayList<>();
        private long imagesSeen;
        private ProgressPoint best;
        private INDArray bestParams;
        private TargetReached targetReached;

        Run(final TrainingEngine engine, final MnistDataset test) {
            this.engine = engine;
            this.test = test;
        }

        boolean reachedTarget() {
            return targetReached != null;
        }

        void epoch(final int epoch, final MnistBatches batches) {
            final int epochs = settings.hyperparameters().epochs();
            final double learningRate = settings.learningRate(epoch);
            final long epochStarted = System.nanoTime();
            final String label = "epoch " + epoch + "/" + epochs;
            final int total = batches.batchCount();
            final ProgressBar progressBar = terminal != null
                    ? ProgressBar.onTerminal(new PrintWriter(terminal, true), label, total, ProgressBar.Style.BARS)
                    : ProgressBar.logged(LOG::info, label, total, ProgressBar.Style.BARS);
            double lossSum = 0;
            int done = 0;
            long images = 0;
            while (batches.hasNext() && !reachedTarget()) {
                final MnistBatch batch = batches.nextBatch();
                lossSum += engine.fit(batch, learningRate);
                done++;
                images += batch.size();
                imagesSeen += batch.size();
                final int batchesDone = done;
                final long imagesDone = images;
                final double runningLoss = lossSum / done;
                progressBar.update(done, () -> progressText(progressBar, batchesDone, total, imagesDone, runningLoss));
                if (settings.targetAccuracy().isPresent()
                        && done % settings.evaluateEvery() == 0
                        && batches.hasNext()) {
                    evaluate(epoch - 1 + (double) done / total);
                }
            }
            progressBar.finish();
            // A stop at the target has just evaluated these weights.
            final ProgressPoint point =
                    reachedTarget() ? progress.get(progress.size() - 1) : evaluate(epoch - 1 + (double) done / total);
            final double trainLoss = done == 0 ? Double.NaN : lossSum / done;
            final EpochMetrics metrics = new EpochMetrics(
                    epoch,
                    trainLoss,
                    point.testLoss(),
                    point.testAccuracy(),
                    (System.nanoTime() - epochStarted) / 1e9,
                    point.elapsedSeconds(),
                    point.cpuSeconds());
            history.add(metrics);
            LOG.info(String.format(
                    Locale.ROOT,
                    "Epoch %d/%d%s: train loss %.4f, test loss %.4f, test accuracy %.2f%%, %.1f s (%.1f s elapsed, %.1f CPU s)",
                    epoch,
                    epochs,
                    done < total ? " (stopped at the target after " + done + " of " + total + " batches)" : "",
                    trainLoss,
                    point.testLoss(),
                    point.testAccuracy() * 100,
                    metrics.seconds(),
                    metrics.elapsedSeconds(),
                    metrics.cpuSeconds()));
        }

        /** Evaluates on the test set, keeps the weights if they are the best so far and checks the target. */
        private ProgressPoint evaluate(final double epochs) {
            final Evaluation evaluation = Evaluator.evaluate(engine::probabilities, test);
            final ProgressPoint point = new ProgressPoint(
                    epochs,
                    imagesSeen,
                    evaluation.loss(),
                    evaluation.accuracy(),
                    (System.nanoTime() - started) / 1e9,
                    (cpuNanos() - cpuStarted) / 1e9);
            progress.add(point);
            if (best == null || isBetter(point, best)) {
                best = point;
                bestParams = engine.network().params().dup();
            }
            final OptionalDouble target = settings.targetAccuracy();
            if (target.isPresent() && !reachedTarget() && point.testAccuracy() >= target.getAsDouble()) {
                targetReached = new TargetReached(
                        target.getAsDouble(),
                        point.testAccuracy(),
                        point.images(),
                        point.elapsedSeconds(),
                        point.cpuSeconds());
                LOG.info(String.format(
                        Locale.ROOT,
                        "Reached the target %.2f%%: test accuracy %.2f%% after %d images (%.2f epochs), %.1f s (%.1f CPU s)",
                        target.getAsDouble() * 100,
                        point.testAccuracy() * 100,
                        point.images(),
                        point.epochs(),
                        point.elapsedSeconds(),
                        point.cpuSeconds()));
            }
            return point;
        }

        TrainingResult result(final int trainImages) {
            final MultiLayerNetwork network = engine.network();
            network.setParams(bestParams);
            final double trainSeconds = (System.nanoTime() - started) / 1e9;
            final EpochMetrics bestEpoch = history.stream()
                    .filter(epoch -> epoch.epoch() == (int) Math.ceil(best.epochs()))
                    .findFirst()
                    .orElse(history.get(history.size() - 1));
            LOG.info(String.format(
                    Locale.ROOT,
                    "Kept the weights after %.2f epochs (epoch %d): test accuracy %.2f%%, test loss %.4f; trained in %.1f s",
                    best.epochs(),
                    bestEpoch.epoch(),
                    best.testAccuracy() * 100,
                    best.testLoss(),
                    trainSeconds));
            return new TrainingResult(
                    network,
                    new TrainingMetrics(
                            best.testAccuracy(),
                            best.testLoss(),
                            bestEpoch.epoch(),
                            history.size(),
                            trainSeconds,
                            trainImages,
                            test.size(),
                            settings.asMap(),
                            history,
                            progress,
                            targetReached));
        }
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

    private static boolean isBetter(final ProgressPoint candidate, final ProgressPoint best) {
        return candidate.testAccuracy() > best.testAccuracy()
                || candidate.testAccuracy() == best.testAccuracy() && candidate.testLoss() < best.testLoss();
    }
}
