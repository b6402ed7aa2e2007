package dev.digitstream.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The one definition of the network: {@code LSTM(28 -> 100)}, {@code LSTM(100 -> 100)}, the last
 * time step's output through {@code Linear(100 -> 10)} with softmax, trained on cross-entropy.
 * Input is {@link ImageSequences#STEPS} steps of {@link ImageSequences#FEATURES} features in DL4J's
 * NCW layout {@code [batch, features, steps]}.
 */
public final class LstmNetwork {

    public static final int HIDDEN = 100;
    public static final int CLASSES = 10;
    public static final String DESCRIPTION = "LSTM(28->100) LSTM(100->100) last-step Linear(100->10) softmax";

    private LstmNetwork() {}

    /** A new, initialized network with weights drawn from the hyperparameters' seed. */
    public static MultiLayerNetwork build(final Hyperparameters hyperparameters) {
        final MultiLayerNetwork network = new MultiLayerNetwork(configuration(hyperparameters));
        network.init();
        return network;
    }

    static MultiLayerConfiguration configuration(final Hyperparameters hyperparameters) {
        return new NeuralNetConfiguration.Builder()
                .seed(hyperparameters.seed())
                .updater(hyperparameters.updater().create(hyperparameters.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new LSTM.Builder()
                        .name("lstm1")
                        .nIn(ImageSequences.FEATURES)
                        .nOut(HIDDEN)
                        .activation(Activation.TANH)
                        .build())
                .layer(new LastTimeStep(new LSTM.Builder()
                        .name("lstm2")
                        .nIn(HIDDEN)
                        .nOut(HIDDEN)
                        .activation(Activation.TANH)
                        .build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .name("output")
                        .nIn(HIDDEN)
                        .nOut(CLASSES)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.recurrent(ImageSequences.FEATURES, ImageSequences.STEPS, RNNFormat.NCW))
                .build();
    }
}
