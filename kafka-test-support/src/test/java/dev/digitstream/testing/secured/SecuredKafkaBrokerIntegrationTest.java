package dev.digitstream.testing.secured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secured broker itself: who gets in, as whom, and that no ACL means no access. */
class SecuredKafkaBrokerIntegrationTest {

    @TempDir
    static Path directory;

    private static SecuredKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = SecuredKafkaBroker.start(directory, List.of("alice"), List.of("bob"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldLetTheAdminCreateATopicWhenItAuthenticatesWithScram() throws Exception {
        try (Admin admin = admin(broker.scramClient(SecuredKafkaBroker.ADMIN))) {
            admin.createTopics(List.of(new NewTopic("admin-made", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("admin-made");
        }
    }

    @Test
    void shouldRefuseAScramUserWhenThePasswordIsWrong() {
        try (Admin admin = admin(broker.scramClient("alice", "not-" + broker.password("alice")))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void shouldRefuseAClientWhenItHasNoCredentials() {
        try (Admin admin = admin(broker.clientWithoutCredentials())) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void shouldRefuseACertificateWhenTheBrokerDoesNotTrustIt() {
        try (Admin admin = admin(broker.certificateClient(SecuredKafkaBroker.UNTRUSTED))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void shouldDenyATrustedCertificateAndAScramUserWhenNoAclAllowsThem() {
        for (final Map<String, Object> client : List.of(broker.certificateClient("bob"), broker.scramClient("alice"))) {
            try (Admin admin = admin(client)) {
                assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("not-allowed", 1, (short) 1)))
                                .all()
                                .get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    private static Admin admin(final Map<String, Object> client) {
        final Map<String, Object> config = new java.util.HashMap<>(client);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(config);
    }
}
