package dev.digitstream.trainer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The outcome of a training run.
 *
 * @param network the network with the best epoch's weights
 * @param metrics its figures and the history of the run
 */
record TrainingResult(MultiLayerNetwork network, TrainingMetrics metrics) {}
