package dev.digitstream.model;

import java.util.Locale;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;

/** The gradient updaters the trainer offers, by the names the CLI accepts. */
public enum UpdaterKind {
    /** The reference recipe's updater; DL4J's AdaDelta has no learning rate (rho 0.95, epsilon 1e-6). */
    ADADELTA,
    ADAM,
    RMSPROP,
    NESTEROVS;

    /** The DL4J updater with this learning rate (ignored by AdaDelta). */
    public IUpdater create(final double learningRate) {
        return switch (this) {
            case ADADELTA -> new AdaDelta();
            case ADAM -> new Adam(learningRate);
            case RMSPROP -> new RmsProp(learningRate);
            case NESTEROVS -> new Nesterovs(learningRate, 0.9);
        };
    }

    /** The lower-case name used on the command line and in model metadata. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UpdaterKind fromCliName(final String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
