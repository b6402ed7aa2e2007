package dev.digitstream.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The matrix products that take most of {@link LstmInference}'s time, each adding to gate
 * pre-activation rows {@link LstmWeights#GATES} wide. Two implementations compute exactly the same
 * sums in the same order (one {@code fma} per input, in input order): {@link VectorMatrixProducts}
 * with the JDK's Vector API, register-tiled for the CPU's vector width, and {@link
 * PlainMatrixProducts}, loops that C2 auto-vectorizes, for JVMs started without the Vector API.
 * Implementations hold no state.
 */
interface MatrixProducts {

    /** The Vector API is an incubator module in JDK 17: it exists only when the JVM is started with this. */
    String VECTOR_MODULE = "jdk.incubator.vector";

    /** The fastest implementation this JVM and CPU can run, chosen once. */
    MatrixProducts FASTEST = Choice.fastest();

    /**
     * {@code gates[r] += inputs[r][0..width) x weights[firstRow..firstRow+width)} for the first
     * {@code rows} rows (images).
     */
    void multiplyAdd(float[][] inputs, int width, float[][] weights, int firstRow, float[][] gates, int rows);

    /**
     * {@code gates += values[i] x weights[rows[i]]} for {@code i < count}: a sparse input row.
     * {@code values} and {@code rows} must have room for three entries after {@code count}.
     */
    void multiplyAddRows(float[] values, int[] rows, int count, float[][] weights, float[] gates);

    /** What computes the products, for operators' logs. */
    String description();

    /** Picks the implementation; its class is loaded only when its module is there. */
    final class Choice {

        private static final Logger LOG = LoggerFactory.getLogger(MatrixProducts.class);

        private Choice() {}

        static MatrixProducts fastest() {
            final MatrixProducts chosen = vectorIfUsable();
            LOG.info("Inference matrix products: {}", chosen.description());
            return chosen;
        }

        private static MatrixProducts vectorIfUsable() {
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
                return new PlainMatrixProducts(" (start the JVM with --add-modules " + VECTOR_MODULE
                        + " for the Vector API kernel, 1.2-1.4x faster)");
            }
            return new VectorMatrixProducts();
        }
    }
}
