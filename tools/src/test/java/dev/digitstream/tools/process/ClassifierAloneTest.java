package dev.digitstream.tools.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digitstream.tools.cli.ToolException;
import org.junit.jupiter.api.Test;

class ClassifierAloneTest {

    /** The part of a real {@code -rf json} result (JMH 1.37, 2026-11-30) that the bench reads. */
    private static final String JMH_RESULT = """
            [
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "dev.digitstream.benchmarks.ClassifierBenchmark.batch0256",
                    "mode" : "thrpt",
                    "params" : { "nd4jThreads" : "1", "path" : "fast" },
                    "primaryMetric" : {
                        "score" : 7529.623977024445,
                        "scoreError" : 4087.2103410076993,
                        "scoreUnit" : "ops/s"
                    },
                    "secondaryMetrics" : {}
                }
            ]
            """;

    @Test
    void shouldReadTheMeanAndItsErrorWhenJmhWroteAThroughputResult() {
        final ClassifierAlone.Score score = ClassifierAlone.score(JMH_RESULT);

        assertThat(score.imagesPerSecond()).isEqualTo(7529.623977024445);
        assertThat(score.error()).isEqualTo(4087.2103410076993);
    }

    @Test
    void shouldRefuseWhenTheResultIsNoThroughput() {
        final String sampled = JMH_RESULT.replace("\"ops/s\"", "\"us/op\"");

        assertThatThrownBy(() -> ClassifierAlone.score(sampled))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("no score in ops/s");
        assertThatThrownBy(() -> ClassifierAlone.score("[]")).isInstanceOf(ToolException.class);
        assertThatThrownBy(() -> ClassifierAlone.score("not json")).isInstanceOf(ToolException.class);
    }
}
