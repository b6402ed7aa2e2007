package dev.digitstream.console.safety;

import dev.digitstream.console.ConsoleProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What keeps a page from being a way to flood the input topic: a rate limit per client address on
 * drawn digits. The request size limit is Spring's multipart limit (application.yml); the address the
 * console binds to is {@code server.address}, 127.0.0.1 unless configured.
 */
@Configuration(proxyBeanMethods = false)
class SafetyConfiguration implements WebMvcConfigurer {

    private final ConsoleProperties properties;
    private final MeterRegistry meters;

    SafetyConfiguration(final ConsoleProperties properties, final MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public void addInterceptors(final InterceptorRegistry registry) {
        final ClientRateLimiter limiter = new ClientRateLimiter(properties.rateLimit(), System::nanoTime);
        registry.addInterceptor(new RateLimitInterceptor(limiter, properties.rateLimit(), meters))
                .addPathPatterns("/api/digits");
    }
}
