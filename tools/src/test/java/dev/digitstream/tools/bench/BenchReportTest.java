package dev.digitstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitstream.tools.process.ClassifierAlone;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    private static PhaseResult phase(
            final String name, final double throughput, final long lost, final long duplicates) {
        return new PhaseResult(
                name,
                0,
                new OutputCollector.LedgerCounts(1000, 1000 - lost, lost, duplicates, 0),
                0,
                1.0,
                throughput,
                new LatencySummary(1000, 5, 9, 20, 31),
                Map.of("broker", 0.5),
                null);
    }

    private static BenchReport report(final long lostInStreamer) {
        return new BenchReport(
                "2 x Test CPU",
                "1.00 1.00 1.00",
                "2.00 2.00 2.00",
                "defaults",
                phase("pass-through", 20_000, 0, 0),
                List.of(phase("streamer", 5_000, lostInStreamer, 2)),
                new SwapResult(
                        2,
                        10_000,
                        5_000,
                        350,
                        new LatencySummary(100, 8, 12, 40, 50),
                        new LatencySummary(900, 5, 9, 20, 31),
                        600,
                        400),
                new ClassifierAlone.Score(4_000, 250));
    }

    @Test
    void shouldGiveThroughputAsRatioOfPassThroughAndSumLossesWhenSummarizing() {
        final BenchReport report = report(3);

        assertThat(report.throughputRatio()).isEqualTo(0.25);
        assertThat(report.lost()).isEqualTo(3);
        assertThat(report.duplicates()).isEqualTo(2);
    }

    @Test
    void shouldPrintEveryPhaseAndTheSwapWhenRenderedAsText() {
        final String text = report(0).text();

        assertThat(text)
                .contains("pass-through", "streamer", "20,000", "5,000", "0.250")
                .contains("first prediction naming it 350 ms after publication")
                .contains("p50 8, p90 12, p99 40, max 50 ms")
                .contains("Lost: 0; duplicated: 2");
    }

    @Test
    void shouldStateTheFlatOutRateAsAMultipleOfTheClassifierAloneWhenItWasMeasured() {
        final BenchReport report = report(0);

        assertThat(report.classifierAloneRatio()).isEqualTo(1.25);
        assertThat(report.text())
                .contains("Classifier alone (JMH, fast path, one thread, batch 256), this run: 4,000 ± 250 images/s; "
                        + "streamer flat out / classifier alone: 1.25");
    }

    @Test
    void shouldWriteTheSameFiguresWhenWrittenAsMarkdownAndJson(@TempDir final Path directory) throws IOException {
        final BenchReport report = report(0);
        final Path json = directory.resolve("bench.json");

        report.writeJson(json);

        assertThat(report.markdown()).startsWith("| phase | rate/s |").contains("| pass-through | flat out |");
        final JsonNode read = new ObjectMapper().readTree(json.toFile());
        assertThat(read.path("passThrough").path("throughput").asDouble()).isEqualTo(20_000);
        assertThat(read.path("swap").path("swapMillis").asLong()).isEqualTo(350);
        assertThat(read.path("classifierAlone").path("imagesPerSecond").asDouble())
                .isEqualTo(4_000);
    }
}
