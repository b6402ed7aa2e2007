package dev.digitstream.model;

import dev.digitstream.schemas.InputSpec;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one image-to-sequence transform, used by training and by serving so they cannot disagree.
 *
 * <p>A pixel {@code p} (0-255) becomes {@code (p/255 - MEAN) / STD}. The image's 28 <b>columns</b> are
 * the 28 time steps and each step's 28 features are that column's pixels from top to bottom, as in the
 * reference recipe ({@code x.permute(2,0,1)} on a {@code (batch, 28, 28)} tensor). In DL4J's NCW
 * layout {@code [batch, features, steps]} that puts the pixel at (row r, column c) at
 * {@code [b, r, c]}: the row-major pixel order itself, so the transform never reorders bytes.
 */
public final class ImageSequences {

    public static final int ROWS = 28;
    public static final int COLUMNS = 28;
    public static final int PIXELS = ROWS * COLUMNS;
    /** One time step per image column. */
    public static final int STEPS = COLUMNS;
    /** One feature per image row. */
    public static final int FEATURES = ROWS;

    public static final String STEP_AXIS = "column";
    public static final double MEAN = 0.5;
    public static final double STD = 0.5;

    private ImageSequences() {}

    /** The normalized value of one pixel byte (read as unsigned). */
    public static float normalize(final byte pixel) {
        return (float) (((pixel & 0xFF) / 255.0 - MEAN) / STD);
    }

    /** Writes one image's normalized values into {@code target} from {@code offset}, in NCW order. */
    public static void normalizeInto(final byte[] pixels, final float[] target, final int offset) {
        requireImage(pixels);
        for (int i = 0; i < PIXELS; i++) {
            target[offset + i] = normalize(pixels[i]);
        }
    }

    /** One image as a {@code [1, FEATURES, STEPS]} sequence. */
    public static INDArray toSequence(final byte[] pixels) {
        return toSequences(List.of(pixels));
    }

    /** A batch of images as a {@code [batch, FEATURES, STEPS]} sequence. */
    public static INDArray toSequences(final List<byte[]> images) {
        final float[] values = new float[images.size() * PIXELS];
        for (int b = 0; b < images.size(); b++) {
            normalizeInto(images.get(b), values, b * PIXELS);
        }
        return Nd4j.create(values, new long[] {images.size(), FEATURES, STEPS}, 'c');
    }

    /** The input layout and normalization as published with every model version. */
    public static InputSpec inputSpec() {
        return InputSpec.newBuilder()
                .setSteps(STEPS)
                .setFeatures(FEATURES)
                .setStepAxis(STEP_AXIS)
                .setMean(MEAN)
                .setStd(STD)
                .build();
    }

    /** True when a published input spec matches this transform exactly. */
    public static boolean matches(final InputSpec spec) {
        return spec.getSteps() == STEPS
                && spec.getFeatures() == FEATURES
                && STEP_AXIS.equals(spec.getStepAxis())
                && spec.getMean() == MEAN
                && spec.getStd() == STD;
    }

    static void requireImage(final byte[] pixels) {
        if (pixels.length != PIXELS) {
            throw new IllegalArgumentException(
                    "An image has " + PIXELS + " pixels (" + ROWS + "x" + COLUMNS + "), got " + pixels.length);
        }
    }
}
