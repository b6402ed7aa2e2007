/**
 * {@code digits local}: the whole system on this machine without Docker (broker, training, streamer, a
 * stream of images watched live), built from the {@code process}, {@code produce} and {@code watch} packages.
 */
package dev.digitstream.tools.local;
