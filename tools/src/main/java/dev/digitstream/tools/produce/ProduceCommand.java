package dev.digitstream.tools.produce;

import dev.digitstream.cli.KafkaConnection;
import dev.digitstream.cli.ProgressBar;
import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.mnist.MnistException;
import dev.digitstream.mnist.MnistSource;
import dev.digitstream.model.image.ImageConversionException;
import dev.digitstream.model.image.MnistStyleImage;
import dev.digitstream.schemas.Topics;
import dev.digitstream.tools.cli.KafkaDefaults;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.kafka.Brokers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code digits produce}: sends MNIST test images, or one picture of a digit, to the input topic. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Sends MNIST test images, or a picture of your own digit, to be classified.",
            "",
            "MNIST test images go with their labels, a given count, at a given rate or flat out. With --png, one "
                    + "picture of any size is converted like MNIST's (grayscale, white ink on black, cropped, "
                    + "scaled to 20 px, centred by mass in 28x28) and sent; it is also shown as text.",
            ""
        })
public final class ProduceCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka = KafkaDefaults.connection();

    @Option(
            names = "--topic",
            defaultValue = Topics.IMAGES,
            paramLabel = "TOPIC",
            description = "Input topic (default: ${DEFAULT-VALUE}).")
    private String topic;

    @ArgGroup(exclusive = true)
    private Source source = new Source();

    @Option(
            names = "--count",
            defaultValue = "10000",
            paramLabel = "N",
            description = "MNIST test images to send, cycling through the 10,000 (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(
            names = "--offset",
            defaultValue = "0",
            paramLabel = "INDEX",
            description = "Index of the first MNIST test image to send (default: ${DEFAULT-VALUE}).")
    private int offset;

    @Option(
            names = "--rate",
            defaultValue = "0",
            paramLabel = "PER_SECOND",
            description = "Images per second; 0 sends flat out (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--label", paramLabel = "DIGIT", description = "The true digit of the --png image, when known.")
    private Integer label;

    @Option(
            names = "--id-prefix",
            paramLabel = "PREFIX",
            description = "Prefix of the image ids (default: a random one per run).")
    private String idPrefix;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    private boolean noProgress;

    static final class Source {
        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description =
                        "Directory with the MNIST files (default: $DIGITS_MNIST_DIR, else downloaded to ~/.cache/digitstream/mnist).")
        Path dataDir;

        @Option(
                names = "--png",
                paramLabel = "FILE",
                description =
                        "Send this one picture (PNG, JPEG, GIF or BMP; any size; dark ink on light paper or light on dark).")
        Path png;
    }

    @Override
    public Integer call() {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (source.png != null) {
            final byte[] pixels = picture(source.png);
            Brokers.requireTopics(kafka.settings(), kafka.timeout(), List.of(topic));
            final String id = prefix("png-") + source.png.getFileName();
            try (ImageSender sender = new ImageSender(kafka.settings(), topic, kafka.timeout())) {
                sender.send(id, pixels, label);
                sender.flush();
            }
            out.print(AsciiDigit.render(pixels));
            out.printf("Sent %s (%s as a 28x28 MNIST-style image) to %s%n", id, source.png, topic);
            out.flush();
            return 0;
        }
        final MnistDataset test = loadTestImages();
        Brokers.requireTopics(kafka.settings(), kafka.timeout(), List.of(topic));
        final String prefix = prefix("t10k-");
        final ProgressBar progress = !noProgress && System.console() != null
                ? ProgressBar.onTerminal(err, "", count, ProgressBar.Style.HASHES)
                : ProgressBar.hidden(count);
        final Pacer pacer = new Pacer(rate);
        try (ImageSender sender = new ImageSender(kafka.settings(), topic, kafka.timeout())) {
            for (int i = 0; i < count && !Thread.currentThread().isInterrupted(); i++) {
                pacer.awaitTurn(i);
                final int index = (offset + i) % test.size();
                sender.send(prefix + index, test.image(index), test.label(index));
                final long done = i + 1;
                progress.update(
                        done,
                        () -> String.format(
                                "%,d/%,d %3d%% %,.0f/s",
                                done, count, 100 * done / Math.max(1, count), done / progress.elapsedSeconds()));
            }
            sender.flush();
            progress.finish();
            out.printf(
                    "Sent %,d MNIST test images to %s in %.1f s (%,.0f/s)%n",
                    sender.acknowledged(),
                    topic,
                    progress.elapsedSeconds(),
                    sender.acknowledged() / progress.elapsedSeconds());
            out.flush();
        }
        return 0;
    }

    private void validate() {
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "--count must be >= 0, got " + count);
        }
        if (offset < 0) {
            throw new ParameterException(spec.commandLine(), "--offset must be >= 0, got " + offset);
        }
        if (rate < 0) {
            throw new ParameterException(spec.commandLine(), "--rate must be >= 0, got " + rate);
        }
        if (label != null && (label < 0 || label > 9)) {
            throw new ParameterException(spec.commandLine(), "--label must be a digit 0-9, got " + label);
        }
        if (label != null && source.png == null) {
            throw new ParameterException(spec.commandLine(), "--label goes with --png (MNIST images carry their own)");
        }
    }

    private MnistDataset loadTestImages() {
        try {
            return MnistSource.resolve(
                            Optional.ofNullable(source.dataDir),
                            MnistSource.defaultCacheDir(),
                            MnistSource.DEFAULT_MIRRORS)
                    .test();
        } catch (MnistException e) {
            throw new ToolException(e.getMessage(), e);
        }
    }

    private String prefix(final String kind) {
        if (idPrefix != null) {
            return idPrefix;
        }
        return kind + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000)) + "-";
    }

    /** The picture as an MNIST-style image; what is wrong with it, as one line the CLI prints. */
    private static byte[] picture(final Path file) {
        try {
            return MnistStyleImage.fromFile(file);
        } catch (ImageConversionException e) {
            throw new ToolException(e.getMessage(), e);
        }
    }
}
