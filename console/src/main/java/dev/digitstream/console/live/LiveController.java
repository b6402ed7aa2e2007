package dev.digitstream.console.live;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/live}: the live view's event stream; {@code GET /api/live/now}: the same, once, as JSON. */
@RestController
final class LiveController {

    private final LiveView view;

    LiveController(final LiveView view) {
        this.view = view;
    }

    @GetMapping(path = "/api/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live() {
        return view.open();
    }

    @GetMapping(path = "/api/live/now", produces = MediaType.APPLICATION_JSON_VALUE)
    LiveView.Message now() {
        return view.message();
    }
}
