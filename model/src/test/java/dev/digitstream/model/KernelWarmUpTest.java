package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelWarmUpTest {

    @Test
    void shouldClassifyExactlyTheImagesAskedForWhenTheyEndMidBatch() {
        final KernelWarmUp.Result result = KernelWarmUp.run(1_000);

        assertThat(result.images()).isEqualTo(1_000);
        assertThat(result.took()).isPositive();
    }
}
