package dev.digitstream.console.draw;

import dev.digitstream.console.ConsoleProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/digits}: a drawn picture (multipart {@code image}, optional {@code label} 0-9) goes to
 * the input topic as an MNIST-style image; the answer is its prediction, read back from the output topic,
 * or one line saying why there is none.
 */
@RestController
final class DrawController {

    private static final Logger LOG = LoggerFactory.getLogger(DrawController.class);

    private final DigitSender sender;
    private final PendingAnswers answers;
    private final ConsoleProperties properties;
    private final MeterRegistry meters;

    DrawController(
            final DigitSender sender,
            final PendingAnswers answers,
            final ConsoleProperties properties,
            final MeterRegistry meters) {
        this.sender = sender;
        this.answers = answers;
        this.properties = properties;
        this.meters = meters;
    }

    @PostMapping("/api/digits")
    CompletableFuture<ResponseEntity<Object>> draw(
            @RequestParam(name = "image", required = false) final MultipartFile image,
            @RequestParam(name = "label", required = false) final String label) {
        final String id = "console-" + UUID.randomUUID();
        final CompletableFuture<Answer> answer;
        try {
            final Integer trueLabel = parseLabel(label);
            final byte[] pixels = DrawnImages.pixels(bytesOf(image), properties.maxImagePixels());
            answer = answers.expect(id, pixels, trueLabel);
            sender.send(id, pixels, trueLabel).whenComplete((sent, error) -> {
                if (error != null) {
                    answer.completeExceptionally(new UploadRejected(
                            HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not take the image: " + error.getMessage()));
                }
            });
        } catch (UploadRejected e) {
            return CompletableFuture.completedFuture(refusal(id, e));
        }
        return answer.orTimeout(properties.answerTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((answered, error) -> {
                    if (error == null) {
                        count("predicted");
                        return ResponseEntity.ok(answered);
                    }
                    answers.forget(id);
                    return refusal(id, asRejection(error));
                });
    }

    private UploadRejected asRejection(final Throwable error) {
        final Throwable cause =
                error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof UploadRejected rejected) {
            return rejected;
        }
        if (cause instanceof TimeoutException) {
            return new UploadRejected(
                    HttpStatus.GATEWAY_TIMEOUT,
                    "No prediction within " + properties.answerTimeout().toSeconds()
                            + " s: is a streamer running and serving a model?");
        }
        return new UploadRejected(HttpStatus.INTERNAL_SERVER_ERROR, cause.toString());
    }

    private ResponseEntity<Object> refusal(final String id, final UploadRejected rejected) {
        count(rejected.status().is4xxClientError() ? "refused" : "unanswered");
        LOG.info("Drawn digit {} not answered ({}): {}", id, rejected.status().value(), rejected.getMessage());
        return ResponseEntity.status(rejected.status()).body(Map.of("error", rejected.getMessage()));
    }

    private void count(final String outcome) {
        meters.counter("digitstream.console.digits", "outcome", outcome).increment();
    }

    private static byte[] bytesOf(final MultipartFile image) {
        if (image == null) {
            return new byte[0];
        }
        try {
            return image.getBytes();
        } catch (IOException e) {
            throw new UploadRejected(HttpStatus.BAD_REQUEST, "The picture did not arrive whole: " + e.getMessage());
        }
    }

    private static Integer parseLabel(final String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        final String trimmed = label.strip();
        if (trimmed.length() != 1 || !Character.isDigit(trimmed.charAt(0))) {
            throw new UploadRejected(
                    HttpStatus.BAD_REQUEST, "The true label must be one digit, 0-9 (got '" + label + "')");
        }
        return trimmed.charAt(0) - '0';
    }
}
