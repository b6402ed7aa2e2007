/**
 * The web console, a client of the topics like any producer or consumer: it never calls a streamer.
 * {@code draw} sends a drawn digit to the input topic and answers with its prediction; {@code feed} reads
 * the output, models and rollout topics without a consumer group; {@code live} batches what the feed
 * saw into one server-sent event per push interval; {@code rollout} follows the serving version, the
 * candidate and each hot swap; {@code safety} limits what one client may send. The page is in
 * {@code static/}, its charts (uPlot) come from a WebJar.
 */
package dev.digitstream.console;
