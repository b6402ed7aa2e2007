package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

class SecretSanitizingTest {

    private static final SanitizingFunction FUNCTION = SecretSanitizing.function();

    @Test
    void shouldHideTheJaasConfigWhenItsKeyHasNoSensitiveWord() {
        assertThat(
                        shown(
                                "spring.kafka.properties.sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"s\" password=\"p\";"))
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(shown("properties.sasl.jaas.config", "anything")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    }

    @Test
    void shouldHidePasswordsKeysAndTheSigningKeyWhenTheyAreConfigured() {
        assertThat(shown("spring.kafka.ssl.key-store-password", "secret")).isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(shown("spring.kafka.properties.ssl.truststore.password", "secret"))
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(shown("digitstream.signing-key", "secret")).isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(shown("DIGITS_KAFKA_JAAS", "x password=\"y\";")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    }

    @Test
    void shouldShowOrdinarySettingsWhenTheyHoldNoSecret() {
        assertThat(shown("spring.kafka.bootstrap-servers", "broker:9093")).isEqualTo("broker:9093");
        assertThat(shown("spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512"))
                .isEqualTo("SCRAM-SHA-512");
    }

    private static Object shown(final String key, final String value) {
        return FUNCTION.applyUnlessFiltered(new SanitizableData(null, key, value))
                .getValue();
    }
}
