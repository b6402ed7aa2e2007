/**
 * The live view: statistics in one-second buckets (rate, latency, accuracy per model version, dead
 * letters) and one server-sent event per push interval to each open page, whatever the rate.
 */
package dev.digitstream.console.live;
