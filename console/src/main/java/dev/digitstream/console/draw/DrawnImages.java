package dev.digitstream.console.draw;

import dev.digitstream.model.image.ImageConversionException;
import dev.digitstream.model.image.MnistStyleImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.springframework.http.HttpStatus;

/** An uploaded picture to the 784 pixels of an MNIST-style image, with the conversion {@code digits produce --png} uses. */
final class DrawnImages {

    private DrawnImages() {}

    /**
     * The pixels; an {@link UploadRejected} when the upload is empty, not a picture, too large or blank.
     * The size is read from the header before anything is decoded, so a small file that would decode to
     * a huge raster is refused cheaply.
     */
    static byte[] pixels(final byte[] upload, final long maxPixels) {
        if (upload.length == 0) {
            throw bad("No picture was sent: draw a digit first");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            final Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw bad("Not a picture: send a PNG, JPEG, GIF or BMP");
            }
            final ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                final long width = reader.getWidth(0);
                final long height = reader.getHeight(0);
                if (width * height > maxPixels) {
                    throw bad(String.format(
                            Locale.ROOT,
                            "The picture is %d x %d pixels; at most %,d pixels are accepted",
                            width,
                            height,
                            maxPixels));
                }
                final BufferedImage image = reader.read(0);
                return MnistStyleImage.convert(image);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw bad("Cannot read the picture: " + e.getMessage());
        } catch (ImageConversionException e) {
            throw bad(e.getMessage());
        }
    }

    private static UploadRejected bad(final String message) {
        return new UploadRejected(HttpStatus.BAD_REQUEST, message);
    }
}
