package dev.digitstream.testing.secured;

import dev.digitstream.cli.LocalPorts;
import dev.digitstream.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secured single-node KRaft broker in the test JVM, as production runs Kafka: a {@code SASL_SSL}
 * listener with SCRAM-SHA-512, an {@code SSL} listener that requires a client certificate (mTLS; the
 * certificate's CN is the principal), the {@code StandardAuthorizer} with
 * {@code allow.everyone.if.no.acl.found=false}, and no plaintext listener at all (the controller
 * listener is mTLS too). Certificates are made for the run ({@link TestCertificates}); each SCRAM user
 * gets a random password. Only {@value #ADMIN} (SCRAM) and the broker itself are super users: every other
 * principal can do only what ACLs allow.
 */
public final class SecuredKafkaBroker implements AutoCloseable {

    public static final String ADMIN = "admin";
    /** The broker's own certificate name, and its principal towards itself and its controller. */
    static final String BROKER = "broker";
    /** A client certificate that the broker does not trust. */
    public static final String UNTRUSTED = "untrusted";

    private static final Logger LOG = LoggerFactory.getLogger(SecuredKafkaBroker.class);
    private static final String MECHANISM = "SCRAM-SHA-512";

    private final KafkaRaftServer server;
    private final TestCertificates certificates;
    private final Map<String, String> passwords;
    private final int saslPort;
    private final int mtlsPort;

    private SecuredKafkaBroker(
            final KafkaRaftServer server,
            final TestCertificates certificates,
            final Map<String, String> passwords,
            final int saslPort,
            final int mtlsPort) {
        this.server = server;
        this.certificates = certificates;
        this.passwords = passwords;
        this.saslPort = saslPort;
        this.mtlsPort = mtlsPort;
    }

    /**
     * Starts the broker in {@code directory} and waits until it answers the admin.
     *
     * @param scramUsers       SCRAM users besides {@value #ADMIN}, each with a random password
     * @param certificateUsers principals that authenticate with a client certificate the broker trusts
     */
    public static SecuredKafkaBroker start(
            final Path directory, final List<String> scramUsers, final List<String> certificateUsers) {
        final long started = System.nanoTime();
        final TestCertificates certificates = TestCertificates.create(
                directory.resolve("certificates"), BROKER, certificateUsers, List.of(UNTRUSTED));
        final Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(ADMIN, "admin-" + UUID.randomUUID());
        scramUsers.forEach(user -> passwords.put(user, user + "-" + UUID.randomUUID()));
        final int saslPort = LocalPorts.free();
        final int mtlsPort = LocalPorts.free();
        final int controllerPort = LocalPorts.free();
        final KafkaConfig config =
                KafkaConfig.fromProps(serverProperties(directory, certificates, saslPort, mtlsPort, controllerPort));
        format(config, passwords);
        final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        final SecuredKafkaBroker broker = new SecuredKafkaBroker(server, certificates, passwords, saslPort, mtlsPort);
        broker.awaitAnswer(Duration.ofSeconds(60));
        LOG.info(
                "Secured Kafka broker: SASL_SSL (SCRAM-SHA-512) at {}, mTLS at {}, ready in {} ms",
                broker.saslBootstrapServers(),
                broker.mtlsBootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return broker;
    }

    public String saslBootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    public String mtlsBootstrapServers() {
        return "127.0.0.1:" + mtlsPort;
    }

    /** The random password of a SCRAM user of this run. */
    public String password(final String user) {
        final String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("No SCRAM user " + user + " on this broker");
        }
        return password;
    }

    /** Client settings of a SCRAM user on the SASL_SSL listener, bootstrap servers included. */
    public Map<String, Object> scramClient(final String user) {
        return scramClient(user, password(user));
    }

    /** As {@link #scramClient(String)} with any password, such as a wrong one. */
    public Map<String, Object> scramClient(final String user, final String password) {
        final Map<String, Object> config = trustingClient(saslBootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        config.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        config.put(
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
        return config;
    }

    /** Client settings that present {@code name}'s certificate on the mTLS listener: the principal is {@code name}. */
    public Map<String, Object> certificateClient(final String name) {
        final Map<String, Object> config = trustingClient(mtlsBootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        config.put(
                SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
                certificates.keyStore(name).toString());
        config.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        config.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, TestCertificates.STORE_PASSWORD);
        config.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, TestCertificates.STORE_PASSWORD);
        return config;
    }

    /** TLS to the SASL_SSL listener without any credentials: the broker must refuse it. */
    public Map<String, Object> clientWithoutCredentials() {
        final Map<String, Object> config = trustingClient(saslBootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        return config;
    }

    private Map<String, Object> trustingClient(final String bootstrapServers) {
        final Map<String, Object> config = new LinkedHashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
                certificates.trustStore().toString());
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestCertificates.STORE_PASSWORD);
        return config;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties serverProperties(
            final Path directory,
            final TestCertificates certificates,
            final int saslPort,
            final int mtlsPort,
            final int controllerPort) {
        final Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put(
                "listeners",
                "SASL_SSL://127.0.0.1:" + saslPort + ",MTLS://127.0.0.1:" + mtlsPort + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        config.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + saslPort + ",MTLS://127.0.0.1:" + mtlsPort);
        config.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,MTLS:SSL,CONTROLLER:SSL");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "MTLS");
        // TLS everywhere with the broker's certificate; client certificates required except on SASL_SSL.
        config.put("ssl.keystore.location", certificates.keyStore(BROKER).toString());
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.password", TestCertificates.STORE_PASSWORD);
        config.put("ssl.key.password", TestCertificates.STORE_PASSWORD);
        config.put("ssl.truststore.location", certificates.trustStore().toString());
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.password", TestCertificates.STORE_PASSWORD);
        config.put("ssl.client.auth", "required");
        config.put("listener.name.sasl_ssl.ssl.client.auth", "none");
        // The certificate's CN is the principal: CN=streamer is User:streamer, as its SCRAM user would be.
        config.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
        config.put("sasl.enabled.mechanisms", MECHANISM);
        config.put(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("allow.everyone.if.no.acl.found", "false");
        config.put("super.users", "User:" + ADMIN + ";User:" + BROKER);
        config.put("log.dirs", directory.resolve("data").toString());
        config.put("auto.create.topics.enable", "false");
        config.put("num.partitions", Integer.toString(Topics.DEFAULT_PARTITIONS));
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "4");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "4");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("message.max.bytes", Integer.toString(Topics.MODELS_MAX_MESSAGE_BYTES));
        return config;
    }

    /** Formats the storage with every SCRAM user's credentials, as {@code kafka-storage format --add-scram} does. */
    private static void format(final KafkaConfig config, final Map<String, String> passwords) {
        final List<String> scram = new ArrayList<>();
        passwords.forEach((user, password) -> scram.add(MECHANISM + "=[name=" + user + ",password=" + password + "]"));
        final Formatter formatter = new Formatter()
                .setNodeId(config.nodeId())
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(config.metadataLogDir())
                .setScramArguments(scram);
        config.logDirs().forEach(formatter::addDirectory);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the secured broker's storage: " + e.getMessage(), e);
        }
    }

    /** Waits until the admin's cluster description succeeds: the listener, SCRAM and the authorizer are up. */
    private void awaitAnswer(final Duration timeout) {
        final Map<String, Object> config = scramClient(ADMIN);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "The secured broker did not answer within " + timeout.toSeconds() + " s", e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the secured broker", e);
        }
    }
}
