package dev.digitstream.streamer;

import dev.digitstream.model.ImageSequences;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DeadLetterReason;
import dev.digitstream.schemas.DigitImage;
import dev.digitstream.schemas.RecordDecodingException;

/** Decodes an input value and checks it is an image the classifier accepts. */
final class ImageValidator {

    private static final AvroSerde<DigitImage> SERDE = AvroSerde.of(DigitImage.class);

    private ImageValidator() {}

    static DigitImage validate(final byte[] value) throws InvalidImageException {
        if (value == null) {
            throw new InvalidImageException(DeadLetterReason.NOT_SINGLE_OBJECT_ENCODED, "the record has no value");
        }
        final DigitImage image;
        try {
            image = SERDE.decode(value);
        } catch (RecordDecodingException e) {
            throw new InvalidImageException(e.reason(), e.getMessage());
        }
        if (image.getId() == null || image.getId().isBlank()) {
            throw new InvalidImageException(DeadLetterReason.MISSING_ID, "the image has no id");
        }
        if (image.getWidth() != ImageSequences.COLUMNS || image.getHeight() != ImageSequences.ROWS) {
            throw new InvalidImageException(
                    DeadLetterReason.BAD_DIMENSIONS,
                    "the image is " + image.getWidth() + "x" + image.getHeight() + ", expected "
                            + ImageSequences.COLUMNS + "x" + ImageSequences.ROWS);
        }
        final int pixels = image.getPixels().remaining();
        if (pixels != ImageSequences.PIXELS) {
            throw new InvalidImageException(
                    DeadLetterReason.BAD_PIXEL_COUNT,
                    "the image has " + pixels + " pixels, expected " + ImageSequences.PIXELS);
        }
        final Integer label = image.getLabel();
        if (label != null && (label < 0 || label > 9)) {
            throw new InvalidImageException(DeadLetterReason.BAD_LABEL, "the label " + label + " is not a digit 0-9");
        }
        return image;
    }
}
