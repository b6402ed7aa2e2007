package dev.digitstream.console.safety;

import dev.digitstream.console.ConsoleProperties;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses a client's drawn digit with 429 and one line when its rate limit is spent. */
final class RateLimitInterceptor implements HandlerInterceptor {

    private final ClientRateLimiter limiter;
    private final MeterRegistry meters;
    private final String refusal;

    RateLimitInterceptor(
            final ClientRateLimiter limiter, final ConsoleProperties.RateLimit limit, final MeterRegistry meters) {
        this.limiter = limiter;
        this.meters = meters;
        this.refusal = String.format(
                Locale.ROOT,
                "{\"error\":\"Too many digits from your address: at most %s a second (%d at once). Wait a moment.\"}",
                limit.perSecond(),
                limit.burst());
    }

    @Override
    public boolean preHandle(final HttpServletRequest request, final HttpServletResponse response, final Object handler)
            throws IOException {
        // The answer comes in an async dispatch of the same request, which must not take a second token.
        if (request.getDispatcherType() == DispatcherType.ASYNC || limiter.tryAcquire(request.getRemoteAddr())) {
            return true;
        }
        meters.counter("digitstream.console.digits", "outcome", "rate_limited").increment();
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(refusal);
        return false;
    }
}
