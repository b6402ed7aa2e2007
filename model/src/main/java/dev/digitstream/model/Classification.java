package dev.digitstream.model;

/**
 * The classifier's answer for one image.
 *
 * @param digit         the most probable digit, 0-9
 * @param confidence    its probability
 * @param probabilities the probability of each digit 0-9
 */
public record Classification(int digit, float confidence, float[] probabilities) {
}
