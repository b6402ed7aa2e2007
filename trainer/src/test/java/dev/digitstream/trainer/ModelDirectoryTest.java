package dev.digitstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitstream.model.ModelArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

    private static final TrainingMetrics METRICS = new TrainingMetrics(
            0.985,
            0.05,
            2,
            3,
            300.0,
            60_000,
            10_000,
            Map.of("updater", "adadelta", "batchSize", "64"),
            List.of(
                    new EpochMetrics(1, 0.4, 0.1, 0.97, 100, 100, 99),
                    new EpochMetrics(2, 0.1, 0.05, 0.985, 100, 200, 198),
                    new EpochMetrics(3, 0.05, 0.06, 0.98, 100, 300, 297)),
            List.of(
                    new ProgressPoint(0.5, 30_000, 0.2, 0.95, 52, 51),
                    new ProgressPoint(1, 60_000, 0.1, 0.97, 100, 99),
                    new ProgressPoint(1.5, 90_000, 0.07, 0.981, 150, 149),
                    new ProgressPoint(2, 120_000, 0.05, 0.985, 200, 198),
                    new ProgressPoint(3, 180_000, 0.06, 0.98, 300, 297)),
            new TargetReached(0.98, 0.981, 90_000, 150, 149));

    @TempDir
    Path dir;

    @Test
    void shouldWriteModelMetricsAndChartWhenTrainingEnds() throws IOException {
        final ModelArtifact artifact = ModelArtifact.of(new byte[] {1, 2, 3}, Optional.empty());

        new ModelDirectory(dir).write(artifact, METRICS);

        assertThat(dir.resolve("model.zip")).hasBinaryContent(new byte[] {1, 2, 3});
        final JsonNode json =
                new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(json.get("testAccuracy").asDouble()).isEqualTo(0.985);
        assertThat(json.get("testLoss").asDouble()).isEqualTo(0.05);
        assertThat(json.get("epochs").asInt()).isEqualTo(3);
        assertThat(json.get("trainSeconds").asDouble()).isEqualTo(300.0);
        assertThat(json.get("hyperparameters").get("updater").asText()).isEqualTo("adadelta");
        assertThat(json.get("history")).hasSize(3);
        final byte[] png = Files.readAllBytes(dir.resolve("training.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void shouldReadBackWhatItWroteWhenPublishing() {
        final ModelDirectory directory = new ModelDirectory(dir);
        directory.write(ModelArtifact.of(new byte[] {9, 8}, Optional.empty()), METRICS);

        assertThat(directory.readModel()).containsExactly(9, 8);
        assertThat(directory.readMetrics()).isEqualTo(METRICS);
    }

    @Test
    void shouldSayRunTrainFirstWhenModelIsMissing() {
        assertThatThrownBy(() -> new ModelDirectory(dir).readModel())
                .isInstanceOf(TrainerException.class)
                .hasMessage("No model.zip in " + dir + ": run train first or point --model-dir at a training output");
    }

    @Test
    void shouldNameFileWhenMetricsAreNotJson() throws IOException {
        Files.writeString(dir.resolve("metrics.json"), "{not json");

        assertThatThrownBy(() -> new ModelDirectory(dir).readMetrics())
                .isInstanceOf(TrainerException.class)
                .hasMessageStartingWith("Cannot parse " + dir.resolve("metrics.json"));
    }
}
