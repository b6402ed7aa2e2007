package dev.digitstream.tools.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StreamerMetricsSampleTest {

    private static final String BEFORE = """
            # HELP digitstream_batch_size Images classified together in one micro-batch
            # TYPE digitstream_batch_size histogram
            digitstream_batch_size_bucket{le="1.0"} 0
            digitstream_batch_size_count 10
            digitstream_batch_size_sum 1000.0
            digitstream_inference_seconds_count{application="x"} 10
            digitstream_inference_seconds_sum{application="x"} 0.5
            jvm_compilation_time_ms_total{compiler="HotSpot 64-Bit Tiered Compilers"} 20000.0
            """;
    private static final String AFTER = """
            digitstream_batch_size_count 30
            digitstream_batch_size_sum 5000.0
            digitstream_inference_seconds_count{application="x"} 30
            digitstream_inference_seconds_sum{application="x"} 2.5
            jvm_compilation_time_ms_total{compiler="HotSpot 64-Bit Tiered Compilers"} 20500.0
            """;

    @Test
    void shouldDeriveBatchAndInferenceFiguresWhenGivenTwoPrometheusSamples() {
        final StreamerMetricsSample before = StreamerMetricsSample.parse(BEFORE, 10.0, 0);
        final StreamerMetricsSample after = StreamerMetricsSample.parse(AFTER, 13.0, 2_000_000_000L);

        final StreamerMetricsSample.StreamerActivity activity = after.since(before);

        assertThat(activity.meanBatch()).isCloseTo(200.0, within(1e-9));
        assertThat(activity.inferenceMillisPerBatch()).isCloseTo(100.0, within(1e-9));
        assertThat(activity.inferenceMillisPerImage()).isCloseTo(0.5, within(1e-9));
        assertThat(activity.cpuCores()).isCloseTo(1.5, within(1e-9));
        assertThat(activity.inferenceShare()).isCloseTo(1.0, within(1e-9));
        assertThat(activity.jitCores()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void shouldReadZerosWhenTheMetricsAreMissing() {
        final StreamerMetricsSample sample = StreamerMetricsSample.parse("jvm_threads_live_threads 12\n", 0, 0);

        assertThat(sample.batches()).isZero();
        assertThat(sample.inferenceSeconds()).isZero();
    }
}
