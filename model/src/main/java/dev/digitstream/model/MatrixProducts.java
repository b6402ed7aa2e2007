package dev.digitstream.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The matrix products that take most of {@link LstmInference}'s time, each adding to gate
 * pre-activation rows {@link LstmWeights#GATES} wide. Two implementations compute exactly the same
 * sums in the same order (one {@code fma} per input, in input order): {@link VectorMatrixProducts}
 * with the JDK's Vector API, register-tiled for the CPU's vector width, and {@link
 * PlainMatrixProducts}, loops that C2 auto-vectorizes, for JVMs started without the Vector API.
 * Implementations may be shared between threads.
 */
interface MatrixProducts {
    // No default methods: with one, initializing an implementation first initializes this interface,
    // whose FASTEST then constructs an implementation before that class's own constants are set.

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
     * Rows {@code [firstRow, firstRow + width)} of {@code weights}, laid out for this implementation's
     * {@link #multiplyAdd(float[][], PreparedWeights, float[][], int)}: for weights that serve many
     * products unchanged (a model's, at inference). The result reads {@code weights} as they are then.
     */
    PreparedWeights prepare(float[][] weights, int firstRow, int width);

    /** {@code gates[r] += inputs[r][0..width) x the prepared rows}, for the first {@code rows} rows (images). */
    void multiplyAdd(float[][] inputs, PreparedWeights weights, float[][] gates, int rows);

    /**
     * {@code gates += values[i] x weights[rows[i]]} for {@code i < count}: a sparse input row.
     * {@code values} and {@code rows} must have room for three entries after {@code count}.
     */
    void multiplyAddRows(float[] values, int[] rows, int count, float[][] weights, float[] gates);

    /** What computes the products, for operators' logs. */
    String description();

    /**
     * Weight rows {@code [firstRow, firstRow + width)} of {@code rows}, and, where an implementation reads
     * them in another order or place, its copy of them ({@code panels}, from index {@code panelsOffset};
     * null where it reads the rows).
     */
    record PreparedWeights(float[][] rows, int firstRow, int width, float[] panels, int panelsOffset) {

        /** The rows as they are, for an implementation that reads them in place. */
        static PreparedWeights inPlace(final float[][] rows, final int firstRow, final int width) {
            return new PreparedWeights(rows, firstRow, width, null, 0);
        }
    }

    /** Picks the implementation; its class is loaded only when its module is there. */
    final class Choice {

        private static final Logger LOG = LoggerFactory.getLogger(MatrixProducts.class);

        private Choice() {}

        static MatrixProducts fastest() {
            final MatrixProducts chosen = vectorIfUsable();
            LOG.info("Inference matrix products: {}", chosen.description());
            return chosen;
        }

        /** Whether this JVM was started with the Vector API's module. */
        static boolean vectorApiPresent() {
            return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
        }

        private static MatrixProducts vectorIfUsable() {
            if (!vectorApiPresent()) {
                return new PlainMatrixProducts(" (start the JVM with --add-modules " + VECTOR_MODULE
                        + " for the Vector API kernel, 1.2-1.4x faster)");
            }
            return new VectorMatrixProducts();
        }
    }
}
