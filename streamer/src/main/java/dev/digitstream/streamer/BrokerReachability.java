package dev.digitstream.streamer;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Whether the brokers answer, asked every {@value #CHECK_EVERY_MS} ms with a cluster description.
 * Kafka Streams stays RUNNING while its brokers are away (its clients just retry), so readiness needs
 * this to say DOWN during an outage. Uses Spring Boot's admin settings, so a secured cluster is asked
 * with the same credentials; one log line when the broker goes away and one when it comes back.
 */
@Component
class BrokerReachability implements DisposableBean {

    static final long CHECK_EVERY_MS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(BrokerReachability.class);

    private final Admin admin;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        final Thread thread = new Thread(runnable, "broker-reachability");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<Unreachable> unreachable = new AtomicReference<>();

    BrokerReachability(final KafkaAdmin kafkaAdmin, final Clock clock) {
        final Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "digitstream-streamer-health");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CHECK_EVERY_MS);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK_EVERY_MS);
        this.admin = Admin.create(config);
        this.clock = clock;
        scheduler.scheduleWithFixedDelay(this::check, 0, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** Since when, and why, the brokers do not answer; empty while they do. */
    Optional<Unreachable> unreachable() {
        return Optional.ofNullable(unreachable.get());
    }

    private void check() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) CHECK_EVERY_MS))
                    .nodes()
                    .get(CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
            final Unreachable was = unreachable.getAndSet(null);
            if (was != null) {
                LOG.info("Kafka answers again (unreachable since {})", was.since());
            }
        } catch (ExecutionException | TimeoutException e) {
            final String reason = e instanceof ExecutionException && e.getCause() != null
                    ? e.getCause().getClass().getSimpleName() + ": "
                            + e.getCause().getMessage()
                    : "no answer within " + CHECK_EVERY_MS + " ms";
            if (unreachable.compareAndSet(null, new Unreachable(clock.instant(), reason))) {
                LOG.warn("Kafka does not answer: {}", reason);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
        admin.close();
    }

    /** The brokers stopped answering at {@code since}, for {@code reason}. */
    record Unreachable(Instant since, String reason) {}
}
