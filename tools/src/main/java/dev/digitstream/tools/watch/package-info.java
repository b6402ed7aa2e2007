/**
 * {@code digits watch}: predictions and dead letters read live, counted and shown as a summary or JSON
 * lines. A new output topic to watch is read in {@link dev.digitstream.tools.watch.PredictionFeed}; a web
 * page of live predictions would use that feed as {@code local} does.
 */
package dev.digitstream.tools.watch;
