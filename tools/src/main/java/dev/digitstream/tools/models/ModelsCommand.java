package dev.digitstream.tools.models;

import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.RolloutDecision;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code digits models}: lists the versions on the models topic with their rollout stage and decisions;
 * its subcommands promote, reject or roll back by writing the next rollout state.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the model versions on the models topic: stage (serving, candidate, rejected, retired, "
                    + "superseded), test accuracy, when published, and the decision about each.",
            "",
            "promote, reject and rollback write the next rollout state to the topic; every streamer applies it.",
            ""
        },
        subcommands = {ModelsCommand.Promote.class, ModelsCommand.Reject.class, ModelsCommand.Rollback.class})
public final class ModelsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelsTopicOptions topic;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(ModelsView.render(topic.read()));
        spec.commandLine().getOut().flush();
        return 0;
    }

    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = "Serves the candidate (or --version N) on every instance now, without waiting for the judge.")
    static final class Promote implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private ModelsTopicOptions topic;

        @Option(names = "--version", paramLabel = "N", description = "The version to serve (default: the candidate).")
        private Long version;

        @Option(
                names = "--reason",
                defaultValue = "promoted by hand",
                paramLabel = "TEXT",
                description = "Why, for the record (default: ${DEFAULT-VALUE}).")
        private String reason;

        @Override
        public Integer call() {
            return change(spec, topic, changes -> changes.promote(Optional.ofNullable(version), reason));
        }
    }

    @Command(
            name = "reject",
            mixinStandardHelpOptions = true,
            description = "Rejects the candidate: it stops being compared and never serves.")
    static final class Reject implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private ModelsTopicOptions topic;

        @Option(names = "--version", paramLabel = "N", description = "The candidate's version, as a check.")
        private Long version;

        @Option(
                names = "--reason",
                defaultValue = "rejected by hand",
                paramLabel = "TEXT",
                description = "Why, for the record (default: ${DEFAULT-VALUE}).")
        private String reason;

        @Override
        public Integer call() {
            return change(spec, topic, changes -> changes.reject(Optional.ofNullable(version), reason));
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Serves an earlier version again on every instance.")
    static final class Rollback implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private ModelsTopicOptions topic;

        @Option(names = "--to", required = true, paramLabel = "N", description = "The version to serve.")
        private long version;

        @Option(
                names = "--reason",
                defaultValue = "rolled back by hand",
                paramLabel = "TEXT",
                description = "Why, for the record (default: ${DEFAULT-VALUE}).")
        private String reason;

        @Override
        public Integer call() {
            return change(spec, topic, changes -> changes.rollBack(version, reason));
        }
    }

    /** Reads the topic, computes the next state, writes it and prints the line that says what changed. */
    private static int change(
            final CommandSpec spec, final ModelsTopicOptions topic, final Function<RolloutChanges, ModelRollout> how) {
        final RolloutChanges changes = new RolloutChanges(topic.read(), topic.modelName, Instant.now());
        final ModelRollout next = how.apply(changes);
        topic.write(client -> client.rollout(next));
        final RolloutDecision last = ModelRollouts.lastDecision(next).orElseThrow();
        spec.commandLine()
                .getOut()
                .printf(
                        "%s v%d %s; serving v%d%n",
                        topic.modelName,
                        last.getVersion(),
                        last.getVerdict().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        next.getServing());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
