/**
 * Child processes and their home: child JVMs and their logs, the local Kafka broker, the streamer and
 * trainer runs, free ports, the work directory and shutdown hooks. Anything {@code digits} starts as a
 * separate process goes here.
 */
package dev.digitstream.tools.process;
