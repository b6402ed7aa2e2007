package dev.digitstream.tools.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitPrediction;
import java.io.PrintWriter;

/** One JSON object per line for each prediction and dead letter, for scripts ({@code watch --json}). */
final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;

    JsonLines(final PrintWriter out) {
        this.out = out;
    }

    /** Writes the whole poll at once and flushes once, not once per record. */
    void write(final PredictionFeed.Arrivals arrivals) {
        if (arrivals.predictions().isEmpty() && arrivals.deadLetters().isEmpty()) {
            return;
        }
        final StringBuilder text = new StringBuilder();
        for (final DigitPrediction prediction : arrivals.predictions()) {
            text.append(toJson(prediction(prediction, arrivals.arrivedAtMillis())))
                    .append('\n');
        }
        for (final DeadLetter deadLetter : arrivals.deadLetters()) {
            text.append(toJson(deadLetter(deadLetter))).append('\n');
        }
        out.print(text);
        out.flush();
    }

    static ObjectNode prediction(final DigitPrediction p, final long arrivedAtMillis) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("type", "prediction");
        node.put("id", p.getId());
        node.put("digit", p.getDigit());
        node.put("confidence", p.getConfidence());
        if (p.getLabel() == null) {
            node.putNull("label");
            node.putNull("correct");
        } else {
            node.put("label", p.getLabel());
            node.put("correct", p.getLabel() == p.getDigit());
        }
        node.put("model", p.getModelName());
        node.put("version", p.getModelVersion());
        node.put("latencyMs", Math.max(0, arrivedAtMillis - p.getCreatedAt().toEpochMilli()));
        node.put("createdAt", p.getCreatedAt().toString());
        node.put("predictedAt", p.getPredictedAt().toString());
        return node;
    }

    static ObjectNode deadLetter(final DeadLetter d) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("type", "dead-letter");
        node.put("reason", d.getReason().name());
        node.put("message", d.getMessage());
        node.put("source", d.getSourceTopic() + "-" + d.getSourcePartition() + "@" + d.getSourceOffset());
        node.put("at", d.getAt().toString());
        return node;
    }

    private static String toJson(final ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serializes", e);
        }
    }
}
