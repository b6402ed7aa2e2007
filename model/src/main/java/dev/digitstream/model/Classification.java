package dev.digitstream.model;

/**
 * The classifier's answer for one image.
 *
 * @param digit         the most probable digit, 0-9
 * @param confidence    its probability
 * @param probabilities the probability of each digit 0-9
 */
public record Classification(int digit, float confidence, float[] probabilities) {

    /**
     * The most probable digit of the {@link LstmNetwork#CLASSES} probabilities that start at {@code offset}
     * (one image's row of a batch); the lower digit on a tie.
     */
    public static int mostProbable(final float[] probabilities, final int offset) {
        int best = 0;
        for (int digit = 1; digit < LstmNetwork.CLASSES; digit++) {
            if (probabilities[offset + digit] > probabilities[offset + best]) {
                best = digit;
            }
        }
        return best;
    }
}
