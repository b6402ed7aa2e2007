/**
 * The console's one Kafka reader, group-less like {@code digits watch}: outputs from their end, the models
 * and rollout topics from their beginning. A new topic to show is read here and handed to its feature.
 */
package dev.digitstream.console.feed;
