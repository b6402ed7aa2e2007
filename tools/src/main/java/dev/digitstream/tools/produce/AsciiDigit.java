package dev.digitstream.tools.produce;

import dev.digitstream.model.image.MnistStyleImage;

/** A 28x28 image drawn in characters, so a user sees what the classifier will see. */
final class AsciiDigit {

    private static final String SHADES = " .:-=+*#%@";

    private AsciiDigit() {}

    static String render(final byte[] pixels) {
        final StringBuilder text = new StringBuilder();
        for (int y = 0; y < MnistStyleImage.SIZE; y++) {
            for (int x = 0; x < MnistStyleImage.SIZE; x++) {
                final int value = pixels[y * MnistStyleImage.SIZE + x] & 0xFF;
                final char shade = SHADES.charAt(value * (SHADES.length() - 1) / 255);
                text.append(shade).append(shade);
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }
}
