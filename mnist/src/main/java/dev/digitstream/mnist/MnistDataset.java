package dev.digitstream.mnist;

import java.util.List;

/**
 * MNIST images with their labels.
 *
 * @param images 28x28 images, each 784 row-major pixel bytes (0 = background)
 * @param labels the digit 0-9 of each image
 */
public record MnistDataset(List<byte[]> images, byte[] labels) {

    public MnistDataset {
        if (images.size() != labels.length) {
            throw new IllegalArgumentException(images.size() + " images but " + labels.length + " labels");
        }
        images = List.copyOf(images);
        labels = labels.clone();
    }

    public int size() {
        return labels.length;
    }

    public byte[] image(final int index) {
        return images.get(index);
    }

    public int label(final int index) {
        return labels[index];
    }

    /** The first {@code count} examples, or all of them when there are fewer. */
    public MnistDataset limit(final int count) {
        if (count < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + count);
        }
        if (count >= size()) {
            return this;
        }
        final byte[] firstLabels = new byte[count];
        System.arraycopy(labels, 0, firstLabels, 0, count);
        return new MnistDataset(images.subList(0, count), firstLabels);
    }
}
