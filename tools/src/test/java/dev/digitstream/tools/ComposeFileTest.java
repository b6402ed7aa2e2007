package dev.digitstream.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComposeFileTest {

    private static final Path COMPOSE_FILE = RepositoryRoot.find().resolve("docker-compose.yml");

    private final ComposeFileCheck check = new ComposeFileCheck();

    @Test
    void shouldFindNoProblemWhenCheckingTheProjectsComposeFile() {
        assertThat(check.problems(COMPOSE_FILE)).isEmpty();
    }

    @Test
    void shouldDescribeEveryServiceTheDemoNeedsWhenReadAsIs() throws IOException {
        final String compose = Files.readString(COMPOSE_FILE);

        assertThat(compose)
                .contains(
                        "image: apache/kafka:4.1.2",
                        "service_healthy",
                        "service_completed_successfully",
                        "replicas: 2",
                        "KAFKA_AUTO_CREATE_TOPICS_ENABLE: \"false\"");
        for (final String service :
                new String[] {"kafka", "topic-init", "trainer", "streamer", "producer", "watcher"}) {
            assertThat(compose).as("service %s", service).containsPattern("(?m)^  " + service + ":$");
        }
    }

    @Test
    void shouldReportTheMissingServiceWhenDependsOnDangles() throws IOException {
        final List<String> problems = problemsOfCopyWith(
                "trainer:0.1.0-SNAPSHOT\n    depends_on:\n      topic-init:",
                "trainer:0.1.0-SNAPSHOT\n    depends_on:\n      topic-setup:");

        assertThat(problems).containsExactly("trainer: depends_on names no service: topic-setup");
    }

    @Test
    void shouldReportSchemaViolationWhenAConditionIsNotOneTheSpecificationKnows() throws IOException {
        final List<String> problems = problemsOfCopyWith(
                "condition: service_healthy\n    entrypoint", "condition: service_ready\n    entrypoint");

        assertThat(problems)
                .isNotEmpty()
                .allSatisfy(problem -> assertThat(problem).startsWith("schema: /services/topic-init/depends_on"));
    }

    @Test
    void shouldReportSchemaViolationWhenAServiceHasAnUnknownKey() throws IOException {
        final List<String> problems =
                problemsOfCopyWith("    restart: \"no\"\n\n  trainer:", "    restrat: \"no\"\n\n  trainer:");

        assertThat(problems).singleElement().asString().startsWith("schema: ").contains("restrat");
    }

    @Test
    void shouldReportUndeclaredVolumeWhenAServiceMountsOne() throws IOException {
        final List<String> problems = problemsOfCopyWith(
                "      - ${DIGITS_MNIST_DIR:-mnist}:/home/app/.cache/digitstream/mnist:ro",
                "      - digits:/home/app/.cache/digitstream/mnist:ro");

        assertThat(problems).containsExactly("producer: volume digits is not declared under top-level volumes");
    }

    @Test
    void shouldReportFloatingTagWhenAnImageUsesLatest() throws IOException {
        final List<String> problems = problemsOfCopyWith(
                "  topic-init:\n    image: apache/kafka:4.1.2", "  topic-init:\n    image: apache/kafka:latest");

        assertThat(problems)
                .containsExactly("topic-init: image apache/kafka:latest needs an exact tag (not :latest, not none)");
    }

    @Test
    void shouldReportMissingDockerfileWhenABuildNamesOne() throws IOException {
        final List<String> problems =
                problemsOfCopyWith("dockerfile: docker/trainer.Dockerfile", "dockerfile: docker/nothing.Dockerfile");

        assertThat(problems).containsExactly("trainer: Dockerfile docker/nothing.Dockerfile does not exist");
    }

    /** Problems of a copy of the project's compose file with one edit, its paths resolved as the original's. */
    private List<String> problemsOfCopyWith(final String original, final String replacement) throws IOException {
        final String compose = Files.readString(COMPOSE_FILE);
        assertThat(compose)
                .as("the compose file still contains the text this test edits")
                .contains(original);
        return check.problems(compose.replace(original, replacement), COMPOSE_FILE.getParent());
    }
}
