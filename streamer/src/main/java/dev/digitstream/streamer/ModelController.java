package dev.digitstream.streamer;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /model}: the model serving now on this instance (404 while none is loaded). Read-only. */
@RestController
class ModelController {

    private final ModelRegistry registry;

    ModelController(final ModelRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/model")
    ResponseEntity<?> serving() {
        return registry.current()
                .<ResponseEntity<?>>map(model -> ResponseEntity.ok(model.info()))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(java.util.Map.of("model", registry.modelName(), "status", "no version loaded yet")));
    }
}
