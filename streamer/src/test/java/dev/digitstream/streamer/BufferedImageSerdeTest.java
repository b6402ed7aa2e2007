package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BufferedImageSerdeTest {

    private final BufferedImage.BufferedImageSerde serde = new BufferedImage.BufferedImageSerde();

    @Test
    void shouldRoundTripEveryFieldWhenTheKeyIsPresent() {
        final BufferedImage image = new BufferedImage("img-ä-1", 1234L, 5678L, new byte[] {1, 2, 3});

        final BufferedImage back = serde.deserialize("t", serde.serialize("t", image));

        assertThat(back.key()).isEqualTo("img-ä-1");
        assertThat(back.timestamp()).isEqualTo(1234L);
        assertThat(back.bufferedAt()).isEqualTo(5678L);
        assertThat(back.value()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldRoundTripANullKeyWhenTheRecordHadNone() {
        final BufferedImage back =
                serde.deserialize("t", serde.serialize("t", new BufferedImage(null, 1L, 2L, new byte[0])));

        assertThat(back.key()).isNull();
        assertThat(back.value()).isEmpty();
    }
}
