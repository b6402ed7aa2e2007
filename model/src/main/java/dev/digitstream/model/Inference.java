package dev.digitstream.model;

import java.util.List;

/** One way of computing the network's output. Implementations are not thread-safe. */
interface Inference {

    /** The class probabilities of each image, flat: image {@code b}'s ten values start at {@code 10 * b}. */
    float[] probabilities(List<byte[]> images);

    /** An independent instance over the same weights, for another thread. */
    Inference copy();
}
