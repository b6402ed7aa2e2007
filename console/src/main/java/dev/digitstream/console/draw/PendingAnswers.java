package dev.digitstream.console.draw;

import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitPrediction;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The drawn digits sent and not answered yet, by image id: the feed completes each with its prediction
 * or its dead letter as it reads them back from Kafka.
 */
@Component
public final class PendingAnswers {

    /** More unanswered digits than this means the streamer is not keeping up: refuse, do not pile up. */
    static final int MAX_PENDING = 1000;

    private record Pending(int[] pixels, Integer label, long sentNanos, CompletableFuture<Answer> answer) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** Registers a digit about to be sent; its answer completes when the feed reads it back. */
    CompletableFuture<Answer> expect(final String id, final byte[] pixels, final Integer label) {
        if (pending.size() >= MAX_PENDING) {
            throw new UploadRejected(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "The stream is not answering (" + MAX_PENDING + " digits wait for a prediction): try again later");
        }
        final int[] shown = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            shown[i] = pixels[i] & 0xFF;
        }
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        pending.put(id, new Pending(shown, label, System.nanoTime(), answer));
        return answer;
    }

    /** Forgets a digit that will not be answered (not sent, or timed out). */
    void forget(final String id) {
        pending.remove(id);
    }

    /** A prediction was read back; a drawn digit's answer completes, any other prediction is ignored. */
    public void predicted(final DigitPrediction prediction, final long arrivedNanos) {
        final Pending waiting = pending.remove(prediction.getId());
        if (waiting != null) {
            waiting.answer()
                    .complete(new Answer(
                            prediction.getId(),
                            waiting.pixels(),
                            waiting.label(),
                            prediction.getDigit(),
                            prediction.getProbabilities(),
                            prediction.getModelName(),
                            prediction.getModelVersion(),
                            (arrivedNanos - waiting.sentNanos()) / 1e6));
        }
    }

    /** A dead letter was read back under {@code key} (the original image id). */
    public void deadLettered(final String key, final DeadLetter deadLetter) {
        final Pending waiting = key == null ? null : pending.remove(key);
        if (waiting != null) {
            waiting.answer()
                    .completeExceptionally(new UploadRejected(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "The streamer refused the image (dead letter " + deadLetter.getReason() + ": "
                                    + deadLetter.getMessage() + ")"));
        }
    }

    int size() {
        return pending.size();
    }
}
