/**
 * Pictures to MNIST-style 28x28 images ({@link dev.digitstream.model.image.MnistStyleImage}), with
 * plain {@code java.awt.image}/ImageIO rasters only, so that it runs headless: the {@code digits}
 * CLI uses it, and a web server that accepts drawn digits would too, before
 * {@link dev.digitstream.model.ImageSequences} turns the pixels into the network's input.
 */
package dev.digitstream.model.image;
