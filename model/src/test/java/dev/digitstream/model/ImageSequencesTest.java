package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageSequencesTest {

    /** Pixel value that encodes its position (at most 243, so it fits an unsigned byte); transposing row and column changes it off the diagonal. */
    private static int valueAt(final int row, final int column) {
        return 8 * row + column;
    }

    private static byte[] positionEncodingImage() {
        final byte[] pixels = new byte[784];
        for (int row = 0; row < 28; row++) {
            for (int column = 0; column < 28; column++) {
                pixels[row * 28 + column] = (byte) valueAt(row, column);
            }
        }
        return pixels;
    }

    @Test
    void shouldMakeEachImageColumnOneTimeStepWithTheColumnsPixelsAsFeatures() {
        final INDArray sequence = ImageSequences.toSequence(positionEncodingImage());

        // The reference: x of shape (batch, rows, columns) -> x.permute(2, 0, 1) = (columns, batch, rows),
        // so step t is column t and feature f is row f. DL4J's NCW layout is [batch, features, steps].
        assertThat(sequence.shape()).containsExactly(1, 28, 28);
        for (int step = 0; step < 28; step++) {
            for (int feature = 0; feature < 28; feature++) {
                final double expected = (valueAt(feature, step) / 255.0 - 0.5) / 0.5;
                assertThat(sequence.getDouble(0, feature, step))
                        .as("step %d feature %d", step, feature)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void shouldMapBlackToMinusOneAndWhiteToPlusOne() {
        assertThat(ImageSequences.normalize((byte) 0)).isEqualTo(-1.0f);
        assertThat(ImageSequences.normalize((byte) 255)).isEqualTo(1.0f);
    }

    @Test
    void shouldGiveTheSameTensorForABatchAsForEachImageAlone() {
        final byte[] first = positionEncodingImage();
        final byte[] second = new byte[784];
        for (int i = 0; i < second.length; i++) {
            second[i] = (byte) (255 - (i * 7) % 256);
        }

        final INDArray batch = ImageSequences.toSequences(List.of(first, second));

        assertThat(batch.shape()).containsExactly(2, 28, 28);
        assertThat(batch.slice(0)).isEqualTo(ImageSequences.toSequence(first).slice(0));
        assertThat(batch.slice(1)).isEqualTo(ImageSequences.toSequence(second).slice(0));
    }

    @Test
    void shouldRejectAnImageWithTheWrongPixelCount() {
        assertThatThrownBy(() -> ImageSequences.toSequence(new byte[783]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("784");
    }

    @Test
    void shouldPublishAnInputSpecThatMatchesItself() {
        assertThat(ImageSequences.matches(ImageSequences.inputSpec())).isTrue();
        final var other = ImageSequences.inputSpec();
        other.setStepAxis("row");
        assertThat(ImageSequences.matches(other)).isFalse();
    }
}
