package dev.digitstream.streamer;

import org.apache.kafka.common.errors.AuthenticationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Kafka refused the streamer's credentials while it started (a wrong password, an untrusted or expired
 * certificate): a configuration error, said in one line instead of a stack trace, and the start stops.
 * Credentials refused later, while it runs, make readiness DOWN with the reason ({@link BrokerReachability}).
 */
final class KafkaCredentialsFailureAnalyzer extends AbstractFailureAnalyzer<AuthenticationException> {

    @Override
    protected FailureAnalysis analyze(final Throwable rootFailure, final AuthenticationException cause) {
        return new FailureAnalysis(
                "The streamer cannot start: Kafka refused its credentials: "
                        + cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                "Check spring.kafka.properties.sasl.jaas.config (user and password), the key store and trust store "
                        + "(spring.kafka.ssl.* or the SSL bundle), and that the broker knows this principal.",
                cause);
    }
}
