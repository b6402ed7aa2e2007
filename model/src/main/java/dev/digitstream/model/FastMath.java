package dev.digitstream.model;

/**
 * The LSTM's gate activations as branch-free float arithmetic (multiply, add, divide, min, max) that
 * C2 vectorizes inside loops: {@link Math#exp} and {@link Math#tanh} are scalar calls that would cost
 * more than the matrix products. Absolute error against the exact functions is below 3e-7.
 */
final class FastMath {

    /** Beyond this the rational approximation reaches 1 in float precision. */
    static final float TANH_CLAMP = 7.90531110763549805f;

    // The coefficients of tanh's numerator (odd powers 13 down to 1) and denominator (even powers 6 to 0),
    // shared with the Vector API's version of these functions (VectorCellStep).
    static final float P13 = -2.76076847742355e-16f;
    static final float P11 = 2.00018790482477e-13f;
    static final float P9 = -8.60467152213735e-11f;
    static final float P7 = 5.12229709037114e-08f;
    static final float P5 = 1.48572235717979e-05f;
    static final float P3 = 6.37261928875436e-04f;
    static final float P1 = 4.89352455891786e-03f;
    static final float Q6 = 1.19825839466702e-06f;
    static final float Q4 = 1.18534705686654e-04f;
    static final float Q2 = 2.26843463243900e-03f;
    static final float Q0 = 4.89352518554385e-03f;

    private FastMath() {}

    /** {@code tanh(x)}: Eigen's odd 13/6 rational approximation on [-7.9, 7.9], clamped outside. */
    static float tanh(final float value) {
        final float x = Math.max(Math.min(value, TANH_CLAMP), -TANH_CLAMP);
        final float x2 = x * x;
        float p = Math.fma(x2, P13, P11);
        p = Math.fma(x2, p, P9);
        p = Math.fma(x2, p, P7);
        p = Math.fma(x2, p, P5);
        p = Math.fma(x2, p, P3);
        p = Math.fma(x2, p, P1);
        float q = Math.fma(x2, Q6, Q4);
        q = Math.fma(x2, q, Q2);
        q = Math.fma(x2, q, Q0);
        return x * p / q;
    }

    /** The logistic sigmoid {@code 1 / (1 + exp(-x))}, as {@code (1 + tanh(x / 2)) / 2}. */
    static float sigmoid(final float x) {
        return Math.fma(0.5f, tanh(0.5f * x), 0.5f);
    }
}
