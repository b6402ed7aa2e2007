package dev.digitstream.streamer;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * What the actuator's {@code env} and {@code configprops} endpoints never show, even when an operator
 * sets {@code show-values}: Spring Boot's likely-sensitive keys (passwords, secrets, keys, tokens,
 * credentials), Kafka's {@code sasl.jaas.config} (it holds the password, and its key has none of those
 * words), and any value that carries a {@code password=} inline.
 */
final class SecretSanitizing {

    private SecretSanitizing() {}

    static SanitizingFunction function() {
        return SanitizingFunction.sanitizeValue()
                .ifLikelySensitive()
                .ifKeyContains("jaas", "signing-key", "signingkey")
                .ifMatches(SecretSanitizing::hasInlinePassword);
    }

    private static boolean hasInlinePassword(final SanitizableData data) {
        return data.getValue() instanceof CharSequence value
                && value.toString().toLowerCase(Locale.ROOT).contains("password=");
    }
}
