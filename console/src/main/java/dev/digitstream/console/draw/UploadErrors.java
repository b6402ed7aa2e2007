package dev.digitstream.console.draw;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/** Uploads refused before the controller runs (too large, not multipart) get the same one-line error as the rest. */
@RestControllerAdvice
final class UploadErrors {

    private final DataSize maxFileSize;

    UploadErrors(@Value("${spring.servlet.multipart.max-file-size}") final DataSize maxFileSize) {
        this.maxFileSize = maxFileSize;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Map<String, String>> tooLarge(final MaxUploadSizeExceededException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(Map.of(
                        "error",
                        "The picture is too large: at most " + maxFileSize.toKilobytes()
                                + " KB (a drawing is a few KB)"));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Map<String, String>> notMultipart(final MultipartException e) {
        return ResponseEntity.badRequest()
                .body(Map.of("error", "Send the picture as a multipart form field named 'image'"));
    }
}
