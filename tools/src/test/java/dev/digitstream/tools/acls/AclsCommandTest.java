package dev.digitstream.tools.acls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digitstream.cli.CliRun;
import dev.digitstream.tools.DigitsCli;
import dev.digitstream.tools.RepositoryRoot;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class AclsCommandTest {

    @Test
    void shouldGiveEachRoleOnlyItsOwnRightsWhenPrintingTheDefaultPlan() {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "acls", "--print");

        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<String> lines = run.outLines();
        assertThat(lines.get(0)).containsSubsequence("Role", "Principal", "Resource", "Pattern", "Name", "Operations");
        assertThat(rows(lines, "producer"))
                .singleElement()
                .asString()
                .containsSubsequence("User:producer", "topic", "literal", "digits.in", "write");
        assertThat(rows(lines, "watcher"))
                .hasSize(2)
                .allSatisfy(row -> assertThat(row).endsWith("read"));
        assertThat(rows(lines, "trainer"))
                .hasSize(2)
                .anySatisfy(row -> assertThat(row)
                        .containsSubsequence(
                                "User:trainer", "topic", "literal", "digits.models", "create, describe, read, write"))
                .anySatisfy(row -> assertThat(row)
                        .containsSubsequence(
                                "User:trainer",
                                "transactional-id",
                                "literal",
                                "digitstream-publisher.digits.models",
                                "describe, write"));
        // The streamer: no right on the models topic beyond reading it, no transactional id without exactly-once.
        assertThat(rows(lines, "streamer"))
                .filteredOn(row -> row.contains("digits.models"))
                .singleElement()
                .asString()
                .endsWith("read");
        assertThat(rows(lines, "streamer")).noneMatch(row -> row.contains("transactional-id"));
        assertThat(run.out()).doesNotContain("cluster");
        assertThat(rows(lines, "streamer"))
                .anySatisfy(
                        row -> assertThat(row).containsSubsequence("group", "literal", "digitstream-streamer", "read"))
                .anySatisfy(row -> assertThat(row)
                        .containsSubsequence(
                                "topic",
                                "prefixed",
                                "digitstream-streamer",
                                "create, describe, describe-configs, read, write"));
    }

    @Test
    void shouldAllowTransactionsAndTheJudgesDecisionsWhenAskedFor() {
        final CliRun run = CliRun.of(
                DigitsCli.commandLine(),
                "acls",
                "--print",
                "--exactly-once",
                "--streamer-judges-rollouts",
                "--streamer-principal",
                "User:CN=streamer",
                "--application-id",
                "my-app");

        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<String> streamer = rows(run.outLines(), "streamer");
        assertThat(streamer).allSatisfy(row -> assertThat(row).contains("User:CN=streamer"));
        assertThat(streamer)
                .anySatisfy(
                        row -> assertThat(row).containsSubsequence("transactional-id", "prefixed", "my-app", "write"))
                .anySatisfy(row -> assertThat(row).containsSubsequence("digits.models", "read, write"))
                .anySatisfy(row -> assertThat(row).containsSubsequence("group", "my-app", "read"));
    }

    @Test
    void shouldShowTheSameTableAsTheReadmeWhenPrintingMarkdown() throws Exception {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "acls", "--print", "--markdown");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(RepositoryRoot.find().resolve("README.md")))
                .contains(run.out().strip());
    }

    @Test
    void shouldExitWithTheUsageCodeWhenAPrincipalHasNoType() {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "acls", "--print", "--watcher-principal", "watcher");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .contains("TYPE:NAME")
                .contains("'watcher'");
    }

    @Test
    void shouldExitWithTheUsageCodeWhenNeitherPrintNorApplyIsGiven() {
        final CliRun run = CliRun.of(DigitsCli.commandLine(), "acls");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("--print, --apply, --create-topics");
    }

    private static List<String> rows(final List<String> lines, final String role) {
        return lines.stream().filter(line -> line.startsWith(role + " ")).toList();
    }
}
