package dev.digitstream.trainer;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.mnist.MnistSource;
import dev.digitstream.model.Hyperparameters;
import dev.digitstream.model.ModelArtifact;
import dev.digitstream.model.UpdaterKind;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code train}: trains the network on MNIST, writes the model files and publishes the best epoch's model. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Trains the LSTM on MNIST, writes model.zip, metrics.json and training.png, and publishes "
                + "the best epoch's model as the next version unless --no-publish or below --min-accuracy.")
final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Directory with the four MNIST IDX files (.gz or raw); default: $DIGITS_MNIST_DIR, "
                    + "else the cache directory, downloaded from the mirrors on first use.")
    Path dataDir;

    @Option(
            names = "--cache-dir",
            paramLabel = "DIR",
            defaultValue = "${sys:user.home}/.cache/digitstream/mnist",
            description = "Where downloaded MNIST files are kept (default: ${DEFAULT-VALUE}).")
    Path cacheDir;

    @Option(
            names = "--mirror",
            paramLabel = "URL",
            split = ",",
            defaultValue = MnistSource.DEFAULT_MIRROR_LIST,
            description = "MNIST mirror to download from, tried in order; repeatable (default: ${DEFAULT-VALUE}).")
    List<URI> mirrors;

    // Defaults: the best setting measured on the 2-core development machine (BENCHMARKS.md, "Training"):
    // it reached 98% test accuracy in half the CPU time of the reference recipe (AdaDelta, batch 64).
    @Option(
            names = "--epochs",
            defaultValue = "8",
            description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--batch-size",
            defaultValue = "128",
            description = "Images per mini-batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--updater",
            defaultValue = "adam",
            converter = UpdaterConverter.class,
            paramLabel = "NAME",
            description = "Gradient updater: adadelta, adam, rmsprop or nesterovs (default: ${DEFAULT-VALUE}).")
    UpdaterKind updater;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.006",
            description = "Learning rate; adadelta has none and ignores it (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--lr-decay",
            defaultValue = "0.7",
            paramLabel = "FACTOR",
            description = "Learning rate multiplier after each epoch, in (0, 1]; 1 keeps it constant; adadelta "
                    + "ignores it (default: ${DEFAULT-VALUE}).")
    double learningRateDecay;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of weight initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--train-limit",
            defaultValue = "60000",
            description = "Train on the first N training images (default: ${DEFAULT-VALUE}).")
    int trainLimit;

    @Option(
            names = "--test-limit",
            defaultValue = "10000",
            description = "Evaluate on the first N test images (default: ${DEFAULT-VALUE}).")
    int testLimit;

    @Option(
            names = "--engine",
            paramLabel = "NAME",
            converter = EngineConverter.class,
            description =
                    "What computes the training steps: fast (the trainer's own forward and backward pass on "
                            + "every core, adam only) or dl4j (DL4J's fit, every updater) (default: fast with adam, else dl4j).")
    TrainingEngine.Engine engine;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads: the fast engine's workers (its result does not depend on them), or DL4J's "
                    + "native threads (default: every core for fast, 1 for dl4j, which is fastest on 2 cores).")
    Integer threads;

    @Option(
            names = "--target-accuracy",
            paramLabel = "FRACTION",
            description = "Stop at the first evaluation whose test accuracy reaches this (0-1), evaluating every "
                    + "--evaluate-every batches besides each epoch's end; the time to it is in metrics.json.")
    Double targetAccuracy;

    @Option(
            names = "--evaluate-every",
            paramLabel = "BATCHES",
            defaultValue = "" + TrainingSettings.DEFAULT_EVALUATE_EVERY,
            description = "With --target-accuracy: batches between evaluations on the test set (default: "
                    + "${DEFAULT-VALUE}).")
    int evaluateEvery;

    @Option(
            names = "--weight-averaging",
            paramLabel = "DECAY",
            description = "The fast engine evaluates and keeps an exponential moving average of the weights with "
                    + "this decay, in [0, 1); 0 is off (default: 0.999 with the fast engine, off with dl4j).")
    Double weightAveraging;

    @Option(
            names = "--output",
            defaultValue = "trained-model",
            paramLabel = "DIR",
            description = "Directory for model.zip, metrics.json and training.png (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(
            names = "--min-accuracy",
            defaultValue = "0.97",
            paramLabel = "FRACTION",
            description = "Quality gate: below this test accuracy (0-1) nothing is published and the exit code "
                    + "is 3 (default: ${DEFAULT-VALUE}).")
    double minAccuracy;

    @Option(names = "--no-publish", description = "Train and write the files, but publish nothing.")
    boolean noPublish;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        final TrainingSettings settings = settings();
        final Optional<ModelPublisher> publisher = noPublish ? Optional.empty() : Optional.of(kafka.publisher());
        // Fail before a long training run, not after it, when the broker cannot be reached.
        publisher.ifPresent(ModelPublisher::ensureTopic);

        final MnistSource source = MnistSource.resolve(Optional.ofNullable(dataDir), cacheDir, mirrors);
        final MnistDataset train = source.train().limit(trainLimit);
        final MnistDataset test = source.test().limit(testLimit);
        final TrainingResult result =
                new Trainer(settings, System.console() != null ? System.err : null).train(train, test);

        final ModelArtifact artifact = ModelArtifact.of(result.network(), kafka.signer());
        new ModelDirectory(output).write(artifact, result.metrics());
        LOG.info(
                "Wrote {}, {} and {} to {}",
                ModelDirectory.MODEL_FILE,
                ModelDirectory.METRICS_FILE,
                ModelDirectory.CHART_FILE,
                output);

        final double accuracy = result.metrics().testAccuracy();
        if (accuracy < minAccuracy) {
            throw new TrainerException(
                    String.format(
                            Locale.ROOT,
                            "Test accuracy %.4f is below --min-accuracy %.4f: nothing published (model files are in %s)",
                            accuracy,
                            minAccuracy,
                            output),
                    TrainerException.BELOW_QUALITY_GATE,
                    null);
        }
        if (publisher.isPresent()) {
            final long version =
                    publisher.get().publish(kafka.modelName, artifact, result.metrics(), kafka.publication(false));
            spec.commandLine().getOut().println(kafka.publishedLine(version));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private TrainingSettings settings() {
        requireAtLeast("--train-limit", trainLimit, 1);
        requireAtLeast("--test-limit", testLimit, 1);
        if (threads != null) {
            requireAtLeast("--threads", threads, 1);
        }
        requireAtLeast("--evaluate-every", evaluateEvery, 1);
        if (minAccuracy < 0 || minAccuracy > 1) {
            throw new ParameterException(
                    spec.commandLine(), "--min-accuracy must be between 0 and 1, got " + minAccuracy);
        }
        try {
            final TrainingEngine.Engine chosen = engine != null ? engine : TrainingSettings.defaultEngine(updater);
            return new TrainingSettings(
                    new Hyperparameters(updater, learningRate, batchSize, epochs, seed),
                    learningRateDecay,
                    chosen,
                    threads != null ? threads : TrainingSettings.defaultThreads(chosen),
                    targetAccuracy != null ? OptionalDouble.of(targetAccuracy) : OptionalDouble.empty(),
                    evaluateEvery,
                    weightAveraging != null ? weightAveraging : TrainingSettings.defaultWeightAveraging(chosen));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void requireAtLeast(final String option, final int value, final int minimum) {
        if (value < minimum) {
            throw new ParameterException(spec.commandLine(), option + " must be >= " + minimum + ", got " + value);
        }
    }

    /** Accepts engine names in any case. */
    static final class EngineConverter implements ITypeConverter<TrainingEngine.Engine> {
        @Override
        public TrainingEngine.Engine convert(final String value) {
            try {
                return TrainingEngine.Engine.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("unknown engine '" + value + "' (expected fast or dl4j)");
            }
        }
    }

    /** Accepts updater names in any case. */
    static final class UpdaterConverter implements ITypeConverter<UpdaterKind> {
        @Override
        public UpdaterKind convert(final String value) {
            try {
                return UpdaterKind.fromCliName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        "unknown updater '" + value + "' (expected one of adadelta, adam, rmsprop, nesterovs)");
            }
        }
    }
}
