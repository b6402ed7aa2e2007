/**
 * {@code digits bench}: the end-to-end load harness (phases, output accounting, latency, the hot swap and
 * the report). A new phase is a {@code PhaseRunner.Route} and {@code Load}; a new output topic of the
 * streamer is read by {@code OutputCollector} as a latency or a dead-letter topic.
 */
package dev.digitstream.tools.bench;
