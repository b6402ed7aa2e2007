package dev.digitstream.streamer;

import dev.digitstream.model.ImageSequences;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DigitImage;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Input images for tests. */
final class TestImages {

    static final AvroSerde<DigitImage> SERDE = AvroSerde.of(DigitImage.class);

    private TestImages() {}

    /** A 28x28 image with a vertical stroke whose position depends on the seed. */
    static DigitImage image(final String id, final int seed, final Integer label) {
        final byte[] pixels = new byte[ImageSequences.PIXELS];
        final int column = 4 + Math.floorMod(seed, 20);
        for (int row = 4; row < 24; row++) {
            pixels[row * ImageSequences.COLUMNS + column] = (byte) 255;
        }
        return image(id, pixels, 28, 28, label);
    }

    static DigitImage image(
            final String id, final byte[] pixels, final int width, final int height, final Integer label) {
        return DigitImage.newBuilder()
                .setId(id)
                .setPixels(ByteBuffer.wrap(pixels))
                .setWidth(width)
                .setHeight(height)
                .setLabel(label)
                .setCreatedAt(Instant.now())
                .build();
    }

    static byte[] encode(final DigitImage image) {
        return SERDE.encode(image);
    }
}
