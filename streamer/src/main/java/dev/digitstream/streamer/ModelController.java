package dev.digitstream.streamer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /model}: the model serving now on this instance, with its metadata, and the rollout: the
 * candidate, the online accuracy of both and the last decision (404 while no version is loaded).
 * Read-only: operators change the rollout through the models topic, never through one instance.
 */
@RestController
class ModelController {

    private final ModelRegistry registry;
    private final RolloutStatus rollout;

    ModelController(final ModelRegistry registry, final OnlineAccuracy accuracy) {
        this.registry = registry;
        this.rollout = new RolloutStatus(registry, accuracy);
    }

    @GetMapping("/model")
    ResponseEntity<?> serving() {
        return registry.current()
                .<ResponseEntity<?>>map(model -> {
                    final Map<String, Object> body = new LinkedHashMap<>();
                    body.put("serving", model.info());
                    body.put("rollout", rollout.describe());
                    return ResponseEntity.ok(body);
                })
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("model", registry.modelName(), "status", "no version loaded yet")));
    }
}
