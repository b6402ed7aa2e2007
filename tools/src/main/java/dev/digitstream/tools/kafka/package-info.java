/**
 * Kafka plumbing that is no command's own: checks that the broker answers and the topics exist, and
 * the one group-less {@link dev.digitstream.tools.kafka.PartitionReader} that reads every partition of
 * some topics. Topic names and shapes are not here: they live in {@code dev.digitstream.schemas.Topics}.
 */
package dev.digitstream.tools.kafka;
