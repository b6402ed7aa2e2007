package dev.digitstream.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.digitstream.model.ModelArtifact;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The files a training run leaves behind: {@code model.zip}, {@code metrics.json} and {@code training.png}. */
final class ModelDirectory {

    static final String MODEL_FILE = "model.zip";
    static final String METRICS_FILE = "metrics.json";
    static final String CHART_FILE = "training.png";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path directory;

    ModelDirectory(final Path directory) {
        this.directory = directory;
    }

    Path path() {
        return directory;
    }

    void write(final ModelArtifact artifact, final TrainingMetrics metrics) {
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve(MODEL_FILE), artifact.payload());
            JSON.writeValue(directory.resolve(METRICS_FILE).toFile(), metrics);
            try (OutputStream out = Files.newOutputStream(directory.resolve(CHART_FILE))) {
                TrainingChart.writePng(metrics, out);
            }
        } catch (IOException e) {
            throw new TrainerException("Cannot write the model files to " + directory + ": " + e.getMessage(), e);
        }
    }

    byte[] readModel() {
        final Path file = directory.resolve(MODEL_FILE);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TrainerException("No " + MODEL_FILE + " in " + directory
                    + ": run train first or point --model-dir at a training output");
        } catch (IOException e) {
            throw new TrainerException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    TrainingMetrics readMetrics() {
        final Path file = directory.resolve(METRICS_FILE);
        try {
            return JSON.readValue(file.toFile(), TrainingMetrics.class);
        } catch (JsonProcessingException e) {
            throw new TrainerException("Cannot parse " + file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new TrainerException("No " + METRICS_FILE + " in " + directory
                        + ": run train first or point --model-dir at a training output");
            }
            throw new TrainerException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
