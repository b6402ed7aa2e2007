/**
 * Drawing into the stream: {@code POST /api/digits} converts the picture the MNIST way
 * ({@link dev.digitstream.model.image.MnistStyleImage}, as {@code digits produce --png}), sends it to the
 * input topic and answers with the prediction the feed reads back; every refusal is one line for the page.
 */
package dev.digitstream.console.draw;
