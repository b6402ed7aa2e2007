package dev.digitstream.tools.acls;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.cli.KafkaConnection;
import dev.digitstream.schemas.Topics;
import dev.digitstream.tools.cli.KafkaDefaults;
import dev.digitstream.tools.cli.Table;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.kafka.Brokers;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code digits acls}: prints, or creates through Kafka's Admin API, the ACLs of {@link AclPlan}. */
@Command(
        name = "acls",
        mixinStandardHelpOptions = true,
        description = {
            "The least-privilege ACLs of digitstream's principals: trainer, streamer, producer and watcher.",
            "--print shows them; --apply creates them and --create-topics the missing topics (as an admin "
                    + "principal: --kafka-config)."
        })
public final class AclsCommand implements Callable<Integer> {

    static final List<String> HEADER = List.of("Role", "Principal", "Resource", "Pattern", "Name", "Operations");

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka = KafkaDefaults.connection();

    @Option(names = "--print", description = "Print the ACLs.")
    private boolean print;

    @Option(names = "--markdown", description = "With --print: as a Markdown table (the README's).")
    private boolean markdown;

    @Option(names = "--apply", description = "Create the ACLs on the cluster (existing ones stay as they are).")
    private boolean apply;

    @Option(
            names = "--create-topics",
            description = "Create the missing topics (as the streamer would where it may; the trainer creates the "
                    + "models topic itself if it is missing), so that streamers can run with "
                    + "digitstream.topics.create=false.")
    private boolean createTopics;

    @Option(
            names = "--partitions",
            defaultValue = "" + Topics.DEFAULT_PARTITIONS,
            paramLabel = "N",
            description = "With --create-topics: partitions of the images, predictions and dead-letter topics "
                    + "(default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(
            names = "--replication-factor",
            defaultValue = "1",
            paramLabel = "N",
            description = "With --create-topics: replication factor (default: ${DEFAULT-VALUE}).")
    private short replicationFactor;

    @Option(
            names = "--trainer-principal",
            defaultValue = "User:trainer",
            paramLabel = "TYPE:NAME",
            description = "The trainer's principal, also the operator of 'digits models' (default: ${DEFAULT-VALUE}).")
    private String trainer;

    @Option(
            names = "--streamer-principal",
            defaultValue = "User:streamer",
            paramLabel = "TYPE:NAME",
            description = "The streamers' principal (default: ${DEFAULT-VALUE}).")
    private String streamer;

    @Option(
            names = "--producer-principal",
            defaultValue = "User:producer",
            paramLabel = "TYPE:NAME",
            description = "The principal of 'digits produce' and other image sources (default: ${DEFAULT-VALUE}).")
    private String producer;

    @Option(
            names = "--watcher-principal",
            defaultValue = "User:watcher",
            paramLabel = "TYPE:NAME",
            description = "The principal of 'digits watch' (default: ${DEFAULT-VALUE}).")
    private String watcher;

    @Option(
            names = "--application-id",
            defaultValue = "digitstream-streamer",
            paramLabel = "ID",
            description = "The streamers' digitstream.application-id (default: ${DEFAULT-VALUE}).")
    private String applicationId;

    @Option(names = "--exactly-once", description = "The streamers run exactly_once_v2: allow their transactional ids.")
    private boolean exactlyOnce;

    @Option(
            names = "--streamer-judges-rollouts",
            description = "The streamers decide rollouts (digitstream.rollout.judge=true, the streamer's default): "
                    + "allow them to write the models topic. Without it, set digitstream.rollout.judge=false and "
                    + "decide with 'digits models promote|reject'; a streamer then cannot publish a model.")
    private boolean streamerJudges;

    @Option(
            names = "--images-topic",
            defaultValue = Topics.IMAGES,
            paramLabel = "TOPIC",
            description = "The images topic (default: ${DEFAULT-VALUE}).")
    private String imagesTopic;

    @Option(
            names = "--predictions-topic",
            defaultValue = Topics.PREDICTIONS,
            paramLabel = "TOPIC",
            description = "The predictions topic (default: ${DEFAULT-VALUE}).")
    private String predictionsTopic;

    @Option(
            names = "--models-topic",
            defaultValue = Topics.MODELS,
            paramLabel = "TOPIC",
            description = "The models topic (default: ${DEFAULT-VALUE}).")
    private String modelsTopic;

    @Option(
            names = "--dead-letter-topic",
            defaultValue = Topics.DEAD_LETTERS,
            paramLabel = "TOPIC",
            description = "The dead-letter topic (default: ${DEFAULT-VALUE}).")
    private String deadLetterTopic;

    @Option(
            names = "--rollout-topic",
            defaultValue = Topics.ROLLOUT,
            paramLabel = "TOPIC",
            description = "The rollout topic (default: ${DEFAULT-VALUE}).")
    private String rolloutTopic;

    @Override
    public Integer call() {
        if (!print && !apply && !createTopics) {
            throw new ParameterException(spec.commandLine(), "Give --print, --apply, --create-topics or several");
        }
        final List<AclPlan.Entry> plan = AclPlan.of(principals(), settings());
        final PrintWriter out = spec.commandLine().getOut();
        if (print) {
            out.print(markdown ? Table.markdown(HEADER, rows(plan)) : Table.text(HEADER, rows(plan)));
        }
        if (createTopics) {
            final List<String> created = MissingTopics.create(
                    kafka.settings(), kafka.timeout(), Topics.all(settings().topics(), partitions, replicationFactor));
            out.printf(
                    "Created %s on Kafka at %s%n",
                    created.isEmpty() ? "no topic (all exist)" : "topics " + String.join(", ", created),
                    kafka.bootstrapServers());
        }
        if (apply) {
            create(kafka.settings(), plan.stream().map(AclPlan.Entry::binding).toList());
            out.printf("Created %d ACLs on Kafka at %s%n", plan.size(), kafka.bootstrapServers());
        }
        out.flush();
        return 0;
    }

    private AclPlan.Principals principals() {
        for (final String principal : List.of(trainer, streamer, producer, watcher)) {
            final int colon = principal.indexOf(':');
            if (colon <= 0 || colon == principal.length() - 1) {
                throw new ParameterException(
                        spec.commandLine(), "A principal is TYPE:NAME, such as User:streamer; got '" + principal + "'");
            }
        }
        return new AclPlan.Principals(trainer, streamer, producer, watcher);
    }

    private AclPlan.Settings settings() {
        return new AclPlan.Settings(
                new Topics.Names(imagesTopic, predictionsTopic, modelsTopic, deadLetterTopic, rolloutTopic),
                applicationId,
                exactlyOnce,
                streamerJudges);
    }

    /** One row per role and resource, its operations together. */
    static List<List<String>> rows(final List<AclPlan.Entry> plan) {
        final Map<List<String>, List<String>> operations = new LinkedHashMap<>();
        for (final AclPlan.Entry entry : plan) {
            final AclBinding binding = entry.binding();
            operations
                    .computeIfAbsent(
                            List.of(
                                    entry.role(),
                                    binding.entry().principal(),
                                    lower(binding.pattern().resourceType().name()),
                                    lower(binding.pattern().patternType().name()),
                                    binding.pattern().name()),
                            key -> new ArrayList<>())
                    .add(lower(binding.entry().operation().name()));
        }
        final List<List<String>> rows = new ArrayList<>();
        operations.forEach((resource, allowed) -> {
            final List<String> row = new ArrayList<>(resource);
            row.add(String.join(", ", allowed));
            rows.add(row);
        });
        return rows;
    }

    private static String lower(final String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void create(final KafkaClientSettings settings, final List<AclBinding> bindings) {
        final Map<String, Object> config = settings.clientConfig();
        final int timeoutMs = (int) kafka.timeout().toMillis();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = Admin.create(config)) {
            admin.createAcls(bindings).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof AuthenticationException) {
                throw new ToolException("Kafka at " + settings.bootstrapServers()
                        + " refused this client's credentials (--kafka-config, --kafka-property): "
                        + cause.getMessage());
            }
            if (cause instanceof ClusterAuthorizationException) {
                throw new ToolException("Kafka at " + settings.bootstrapServers() + " does not let this principal "
                        + "create ACLs (ALTER on the cluster): use an admin principal");
            }
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw Brokers.unreachable(settings.bootstrapServers(), kafka.timeout());
            }
            throw new ToolException("Cannot create the ACLs on Kafka at " + settings.bootstrapServers() + ": "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (TimeoutException e) {
            throw Brokers.unreachable(settings.bootstrapServers(), kafka.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while creating ACLs", e);
        }
    }
}
