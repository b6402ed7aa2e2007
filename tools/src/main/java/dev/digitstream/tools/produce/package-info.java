/**
 * {@code digits produce}: MNIST test images or a picture sent to the input topic, and the sender and
 * pacer that {@code local} and {@code bench} reuse to load the system.
 */
package dev.digitstream.tools.produce;
