package dev.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistStyleImageTest {

    private static final int SIZE = 28;

    @TempDir
    Path temp;

    @Test
    void shouldMakeAnMnistStyleImageWhenGivenADarkSevenOnWhitePaper() throws IOException {
        final Path png =
                write(DrawnDigits.seven(300, 420, Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB), "seven.png");

        final byte[] pixels = MnistStyleImage.fromFile(png);

        assertThat(pixels).hasSize(SIZE * SIZE);
        final Ink ink = Ink.of(pixels);
        assertThat(ink.max).as("the strongest ink is white, as in MNIST").isEqualTo(255);
        assertThat(ink.highPixels)
                .as("a stroke, not a smudge: many pixels near full intensity")
                .isGreaterThan(40);
        assertThat(ink.bottom - ink.top + 1)
                .as("the longer side (height) is scaled to 20 px")
                .isEqualTo(20);
        assertThat(ink.right - ink.left + 1).as("the aspect ratio is kept").isBetween(12, 17);
        assertThat(ink.centreX).as("centre of mass, x").isCloseTo(14.0, offset(0.6));
        assertThat(ink.centreY).as("centre of mass, y").isCloseTo(14.0, offset(0.6));
        // The ink fills a 20x20 box centred by mass, not by bounding box, as MNIST's does: a 7's heavy bar
        // moves it down (MNIST's test 7s span rows 6.7 to 25.6 on average; 75% of its test digits reach
        // outside the central 20x20 box), so the bounds are checked against the frame.
        assertThat(ink.top).as("a 7's top, as in MNIST").isBetween(5, 8);
        assertThat(ink.bottom).isBetween(24, 27);
        assertThat(ink.left).isGreaterThanOrEqualTo(1);
        assertThat(ink.right).isLessThanOrEqualTo(26);
        assertThat(rowInk(pixels, ink.top)).as("a 7's bar is at its top").isGreaterThan(rowInk(pixels, ink.bottom) * 3);
        assertThat(frame(pixels)).as("the background is 0").isZero();
    }

    @Test
    void shouldGiveTheSameImageWhenTheInkIsLightOnDarkPaper() throws IOException {
        final byte[] darkOnLight = MnistStyleImage.fromFile(write(
                DrawnDigits.seven(300, 420, Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB),
                "dark-on-light.png"));
        final byte[] lightOnDark = MnistStyleImage.fromFile(write(
                DrawnDigits.seven(300, 420, Color.BLACK, Color.WHITE, BufferedImage.TYPE_INT_RGB),
                "light-on-dark.png"));

        assertThat(lightOnDark).isEqualTo(darkOnLight);
    }

    @Test
    void shouldTreatTransparencyAsPaperWhenThePngHasAnAlphaChannel() throws IOException {
        final byte[] onWhite = MnistStyleImage.fromFile(write(
                DrawnDigits.seven(300, 420, Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB), "on-white.png"));
        final byte[] onNothing = MnistStyleImage.fromFile(write(
                DrawnDigits.seven(300, 420, new Color(0, 0, 0, 0), Color.BLACK, BufferedImage.TYPE_INT_ARGB),
                "transparent.png"));

        assertThat(Ink.of(onNothing).max).isEqualTo(255);
        assertThat(frame(onNothing)).isZero();
        assertThat(meanDifference(onNothing, onWhite)).isLessThan(2.0);
    }

    @Test
    void shouldScaleUpWhenThePictureIsSmallerThanMnist() throws IOException {
        final byte[] pixels = MnistStyleImage.fromFile(
                write(DrawnDigits.seven(12, 16, Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB), "tiny.png"));

        final Ink ink = Ink.of(pixels);
        assertThat(ink.bottom - ink.top + 1).isEqualTo(20);
        assertThat(ink.max).isEqualTo(255);
    }

    @Test
    void shouldRefuseWhenThePictureIsBlank() throws IOException {
        final BufferedImage blank = new BufferedImage(50, 60, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = blank.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 50, 60);
        g.dispose();
        final Path png = write(blank, "blank.png");

        assertThatThrownBy(() -> MnistStyleImage.fromFile(png))
                .isInstanceOf(ImageConversionException.class)
                .hasMessageContaining("no visible ink");
    }

    @Test
    void shouldRefuseWhenTheFileIsNotAnImage() throws IOException {
        final Path text = Files.writeString(temp.resolve("digit.png"), "not a picture");

        assertThatThrownBy(() -> MnistStyleImage.fromFile(text))
                .isInstanceOf(ImageConversionException.class)
                .hasMessageStartingWith("Not a readable image");
    }

    @Test
    void shouldRefuseWhenTheFileIsMissing() {
        assertThatThrownBy(() -> MnistStyleImage.fromFile(temp.resolve("missing.png")))
                .isInstanceOf(ImageConversionException.class)
                .hasMessageStartingWith("No such image file");
    }

    private Path write(final BufferedImage image, final String name) throws IOException {
        final Path file = temp.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static int rowInk(final byte[] pixels, final int row) {
        int sum = 0;
        for (int x = 0; x < SIZE; x++) {
            sum += pixels[row * SIZE + x] & 0xFF;
        }
        return sum;
    }

    /** Sum of the outermost ring of pixels. */
    private static int frame(final byte[] pixels) {
        int sum = 0;
        for (int i = 0; i < SIZE; i++) {
            sum += (pixels[i] & 0xFF)
                    + (pixels[(SIZE - 1) * SIZE + i] & 0xFF)
                    + (pixels[i * SIZE] & 0xFF)
                    + (pixels[i * SIZE + SIZE - 1] & 0xFF);
        }
        return sum;
    }

    private static double meanDifference(final byte[] a, final byte[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return sum / a.length;
    }

    /** Where the ink is in a 28x28 image: bounding box, centre of mass, strength. */
    private record Ink(
            int top, int left, int bottom, int right, double centreX, double centreY, int max, int highPixels) {

        static Ink of(final byte[] pixels) {
            int top = SIZE;
            int left = SIZE;
            int bottom = -1;
            int right = -1;
            int max = 0;
            int high = 0;
            double mass = 0;
            double sumX = 0;
            double sumY = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    final int value = pixels[y * SIZE + x] & 0xFF;
                    if (value > 0) {
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                    }
                    max = Math.max(max, value);
                    high += value >= 200 ? 1 : 0;
                    mass += value;
                    sumX += value * (x + 0.5);
                    sumY += value * (y + 0.5);
                }
            }
            return new Ink(top, left, bottom, right, sumX / mass, sumY / mass, max, high);
        }
    }
}
