package dev.digitstream.tools.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.cli.CliRun;
import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.mnist.MnistTestData;
import dev.digitstream.tools.DigitsCli;
import dev.digitstream.tools.cli.LocalRunOptions;
import dev.digitstream.tools.cli.RunInputs;
import dev.digitstream.tools.process.ChildProcesses;
import dev.digitstream.tools.process.ConsoleProcess;
import dev.digitstream.tools.process.LocalBroker;
import dev.digitstream.tools.process.StreamerProcess;
import dev.digitstream.tools.process.Trainings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's acceptance test, in a real browser (Debian's headless chromium through its chromedriver)
 * on the real system: Apache Kafka's broker, a model trained and published by the trainer, the streamer
 * and the console, each a child JVM on its jar. A person's strokes draw a "7" and a "1"; the live view
 * counts while {@code digits produce} streams; a version published straight to serving appears on the
 * timeline as a hot swap. The screenshot is kept in {@code target/console/}.
 */
class ConsoleBrowserIntegrationTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleBrowserIntegrationTest.class);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Path KEPT = Path.of("target", "console");

    @TempDir
    Path work;

    private ChildProcesses children;
    private WebDriver browser;

    @AfterEach
    void stopEverythingAndKeepTheLogs() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (children != null) {
            children.stopAll();
            Files.createDirectories(KEPT);
            try (Stream<Path> logs = Files.list(work.resolve("logs"))) {
                for (final Path log : logs.toList()) {
                    Files.copy(log, KEPT.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void shouldPredictDrawnDigitsCountTheStreamAndMarkAHotSwapWhenUsedInABrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            LOG.warn(
                    "SKIPPED the console's browser test: no {} or {} on this machine (.ci/run installs them "
                            + "with apt-get install chromium chromium-driver)",
                    CHROMIUM,
                    CHROMEDRIVER);
            Assumptions.abort("No headless chromium and chromedriver at " + CHROMIUM + " and " + CHROMEDRIVER);
        }

        // Step 1: the system: a broker, version 1 trained and published, the streamer and the console.
        children = new ChildProcesses(work.resolve("logs"));
        final LocalBroker broker = new LocalBroker(work, 0);
        broker.start(children, Duration.ofSeconds(90));
        broker.createTopics();
        final String bootstrap = broker.bootstrapServers();
        final LocalRunOptions options = new LocalRunOptions();
        final RunInputs inputs = options.resolve();
        final ConsoleProcess console = ConsoleProcess.start(children, options.consoleJar(), bootstrap, 0);
        final Trainings trainings = new Trainings(
                children,
                inputs.trainerJar(),
                KafkaClientSettings.plaintext(bootstrap),
                work,
                Optional.of(MnistTestData.directory()),
                scale -> List.of(
                        "--epochs", "1", "--train-limit", "12000", "--test-limit", "500", "--min-accuracy", "0.5"));
        LOG.info("Version 1: {}", trainings.train("model", true, 42, 1));
        final StreamerProcess streamer = StreamerProcess.start(
                children, inputs.streamerJar(), KafkaClientSettings.plaintext(bootstrap), work, List.of());
        streamer.awaitReady(PATIENCE);
        console.awaitReady(PATIENCE);

        // Step 2: the page, in headless chromium.
        browser = chromium();
        browser.get(console.url());
        final WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(page -> text("serving").equals("mnist-lstm v1"));

        // Step 3: a "7" drawn in one stroke (the bar, then the diagonal), then a "1"; each comes back predicted, with
        // the version.
        draw(new int[][] {{-80, -90}, {80, -90}, {-25, 100}});
        send("7");
        wait.until(page -> browser.findElement(By.id("result")).isDisplayed());
        assertThat(text("digit")).isEqualTo("7");
        assertThat(text("answered-by")).startsWith("mnist-lstm v1").contains("true label 7");
        assertThat(text("round-trip")).endsWith("ms round trip through Kafka");
        assertThat(browser.findElements(By.cssSelector("#bars .bar"))).hasSize(10);

        browser.findElement(By.id("clear")).click();
        draw(new int[][] {{5, -100}, {-5, 100}});
        send("1");
        wait.until(page -> browser.findElement(By.id("result")).isDisplayed());
        assertThat(text("digit")).isEqualTo("1");
        assertThat(text("answered-by")).startsWith("mnist-lstm v1");

        // Step 4: digits produce streams MNIST test images; the live counters move.
        final AtomicReference<CliRun> produced = new AtomicReference<>();
        final Thread producing = new Thread(() -> produced.set(produce(bootstrap, 6000, 400)), "produce");
        producing.start();
        wait.until(page -> count("predictions") >= 500 && count("rate") > 0);
        final long seen = count("predictions");
        wait.until(page -> count("predictions") > seen + 200);
        wait.until(page -> !browser.findElements(By.cssSelector("#accuracy tr")).isEmpty());
        producing.join(PATIENCE.toMillis());
        assertThat(produced.get().exitCode()).as(produced.get().err()).isZero();

        // Step 5: version 2 published straight to serving: the timeline marks the hot swap, and v2 answers.
        trainings.publish(work.resolve("model"), List.of("--stage", "serving"));
        wait.until(page -> text("swaps").contains("v1 → v2") && text("serving").equals("mnist-lstm v2"));
        assertThat(text("swaps")).contains("v2 served directly by operator");
        final CliRun more = produce(bootstrap, 2000, 400);
        assertThat(more.exitCode()).as(more.err()).isZero();
        wait.until(page -> text("accuracy").contains("mnist-lstm v2"));

        // Step 6: the screenshot, kept as a build artifact.
        Files.createDirectories(KEPT);
        final Path screenshot = KEPT.resolve("console.png");
        Files.write(screenshot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
        LOG.info("Console screenshot: {}", screenshot.toAbsolutePath());
    }

    /** {@code digits produce}: MNIST test images with their labels, paced. */
    private static CliRun produce(final String bootstrap, final int count, final int rate) {
        return CliRun.of(
                DigitsCli.commandLine(),
                "produce",
                "--bootstrap-servers",
                bootstrap,
                "--data-dir",
                MnistTestData.directory().toString(),
                "--count",
                Integer.toString(count),
                "--rate",
                Integer.toString(rate));
    }

    private static WebDriver chromium() {
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Root in CI has no user namespace for chromium's sandbox; /dev/shm may be small in containers.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** One stroke through the points, offsets in CSS pixels from the pad's centre, as a person's pointer would go. */
    private void draw(final int[][] points) {
        final WebElement pad = browser.findElement(By.id("pad"));
        Actions stroke = new Actions(browser)
                .moveToElement(pad, points[0][0], points[0][1])
                .clickAndHold();
        for (int i = 1; i < points.length; i++) {
            final int steps = 8;
            for (int s = 1; s <= steps; s++) {
                final int x = points[i - 1][0] + (points[i][0] - points[i - 1][0]) * s / steps;
                final int y = points[i - 1][1] + (points[i][1] - points[i - 1][1]) * s / steps;
                stroke = stroke.moveToElement(pad, x, y);
            }
        }
        stroke.release().perform();
    }

    private void send(final String label) {
        new Select(browser.findElement(By.id("label"))).selectByVisibleText(label);
        browser.findElement(By.id("send")).click();
    }

    private String text(final String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    /** A counter on the page as a number ("1,234" -> 1234), -1 while it shows none. */
    private long count(final String id) {
        final String shown = text(id).replace(",", "");
        return shown.matches("\\d+") ? Long.parseLong(shown) : -1;
    }
}
