package dev.digitstream.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistSourceTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadCanonicalTestSetWhenDirectoryHoldsSharedFiles() {
        final MnistDataset test =
                MnistSource.directory(MnistTestData.directory()).test();

        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.image(0)).hasSize(784);
        // Label counts of the canonical test set (see the data README).
        final int[] counts = new int[10];
        for (int i = 0; i < test.size(); i++) {
            counts[test.label(i)]++;
        }
        assertThat(counts).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        // The first test image is a 7.
        assertThat(test.label(0)).isEqualTo(7);
    }

    @Test
    void shouldKeepFirstExamplesWhenLimited() {
        final MnistDataset test =
                MnistSource.directory(MnistTestData.directory()).test();

        final MnistDataset first = test.limit(3);

        assertThat(first.size()).isEqualTo(3);
        assertThat(first.image(2)).isEqualTo(test.image(2));
        assertThat(first.label(2)).isEqualTo(test.label(2));
        assertThat(test.limit(20_000)).isSameAs(test);
    }

    @Test
    void shouldReadRawFilesWhenNotGzipped() throws IOException {
        Files.write(
                dir.resolve(MnistFile.TEST_IMAGES.baseName()),
                IdxReaderTest.imageFile(2, 28, 28, IdxReaderTest.image(1), IdxReaderTest.image(2)));
        Files.write(dir.resolve(MnistFile.TEST_LABELS.baseName()), IdxReaderTest.labelFile((byte) 5, (byte) 6));

        final MnistDataset test = MnistSource.directory(dir).test();

        assertThat(test.size()).isEqualTo(2);
        assertThat(test.label(1)).isEqualTo(6);
    }

    @Test
    void shouldNameMissingFileWhenDirectoryLacksIt() {
        assertThatThrownBy(() -> MnistSource.directory(dir).train())
                .isInstanceOf(MnistException.class)
                .hasMessage(
                        "MNIST file train-images-idx3-ubyte.gz (or train-images-idx3-ubyte) is missing from " + dir);
    }

    @Test
    void shouldSayDirectoryDoesNotExistWhenItIsMissing() {
        final Path missing = dir.resolve("no-such-dir");

        assertThatThrownBy(() -> MnistSource.directory(missing))
                .isInstanceOf(MnistException.class)
                .hasMessage("MNIST data directory " + missing + " does not exist");
    }

    @Test
    void shouldRejectDataWhenImageAndLabelCountsDiffer() throws IOException {
        Files.write(
                dir.resolve(MnistFile.TEST_IMAGES.baseName()),
                IdxReaderTest.imageFile(1, 28, 28, IdxReaderTest.image(1)));
        Files.write(dir.resolve(MnistFile.TEST_LABELS.baseName()), IdxReaderTest.labelFile((byte) 5, (byte) 6));

        assertThatThrownBy(() -> MnistSource.directory(dir).test())
                .isInstanceOf(MnistException.class)
                .hasMessageContaining("1 images")
                .hasMessageContaining("2 labels");
    }
}
