package dev.digitstream.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadImagesAndLabelsWhenFileIsRaw() throws IOException {
        final byte[] first = image(7);
        final byte[] second = image(200);
        final Path images = Files.write(dir.resolve("images"), imageFile(2, 28, 28, first, second));
        final Path labels = Files.write(dir.resolve("labels"), labelFile((byte) 3, (byte) 9));

        final List<byte[]> parsed = IdxReader.readImages(images);

        assertThat(parsed).hasSize(2);
        assertThat(parsed.get(0)).isEqualTo(first);
        assertThat(parsed.get(1)).isEqualTo(second);
        assertThat(IdxReader.readLabels(labels)).containsExactly(3, 9);
    }

    @Test
    void shouldReadContentWhenFileIsGzipped() throws IOException {
        final byte[] raw = labelFile((byte) 1, (byte) 2, (byte) 0);
        final Path gzipped = Files.write(dir.resolve("labels.gz"), gzip(raw));

        assertThat(IdxReader.readContent(gzipped)).isEqualTo(raw);
        assertThat(IdxReader.readLabels(gzipped)).containsExactly(1, 2, 0);
    }

    @Test
    void shouldNameFileWhenMagicNumberIsWrong() throws IOException {
        final Path labels = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labelFile((byte) 1));

        assertThatThrownBy(() -> IdxReader.readImages(labels))
                .isInstanceOf(MnistException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("not an IDX image file")
                .hasMessageContaining("0x00000801");
    }

    @Test
    void shouldNameFileWhenImagesAreTruncated() throws IOException {
        final byte[] whole = imageFile(2, 28, 28, image(1), image(2));
        final byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 100);
        final Path images = Files.write(dir.resolve("train-images-idx3-ubyte"), truncated);

        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(MnistException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldNameFileWhenHeaderIsIncomplete() throws IOException {
        final Path labels = Files.write(dir.resolve("labels"), new byte[] {0, 0, 8});

        assertThatThrownBy(() -> IdxReader.readLabels(labels))
                .isInstanceOf(MnistException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldRejectImagesWhenDimensionsAreNot28By28() throws IOException {
        final Path images = Files.write(dir.resolve("images"), imageFile(1, 32, 32, new byte[32 * 32]));

        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(MnistException.class)
                .hasMessageContaining("32x32");
    }

    @Test
    void shouldRejectLabelsWhenOutsideZeroToNine() throws IOException {
        final Path labels = Files.write(dir.resolve("labels"), labelFile((byte) 4, (byte) 10));

        assertThatThrownBy(() -> IdxReader.readLabels(labels))
                .isInstanceOf(MnistException.class)
                .hasMessageContaining("label 10");
    }

    @Test
    void shouldNameFileWhenGzipIsCorrupt() throws IOException {
        final byte[] gzipped = gzip(labelFile((byte) 1, (byte) 2));
        final byte[] corrupt = java.util.Arrays.copyOf(gzipped, gzipped.length / 2);
        final Path labels = Files.write(dir.resolve("labels.gz"), corrupt);

        assertThatThrownBy(() -> IdxReader.readLabels(labels))
                .isInstanceOf(MnistException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("gzip");
    }

    @Test
    void shouldSayFileIsMissingWhenItDoesNotExist() {
        final Path missing = dir.resolve("nowhere.gz");

        assertThatThrownBy(() -> IdxReader.readLabels(missing))
                .isInstanceOf(MnistException.class)
                .hasMessage("MNIST file " + missing + " does not exist");
    }

    static byte[] image(final int fill) {
        final byte[] pixels = new byte[784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((fill + i) % 256);
        }
        return pixels;
    }

    static byte[] imageFile(final int count, final int rows, final int columns, final byte[]... images) {
        final ByteBuffer buffer = ByteBuffer.allocate(16 + images.length * rows * columns);
        buffer.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(columns);
        for (final byte[] image : images) {
            buffer.put(image);
        }
        return buffer.array();
    }

    static byte[] labelFile(final byte... labels) {
        return ByteBuffer.allocate(8 + labels.length)
                .putInt(IdxReader.LABELS_MAGIC)
                .putInt(labels.length)
                .put(labels)
                .array();
    }

    static byte[] gzip(final byte[] raw) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(raw);
        }
        return out.toByteArray();
    }
}
