package pcasgd.data;

import java.util.Random;

/** Gamma and Dirichlet variates, written out so partitions depend only on java.util.Random and the seed. */
public final class GammaSampler {
    private GammaSampler() {}

    /**
     * Gamma(shape, 1) by Marsaglia & Tsang (2000), "A simple method for generating gamma
     * variables". For shape < 1 it uses the boost Gamma(shape) = Gamma(shape+1) · U^(1/shape),
     * since the squeeze method itself needs shape ≥ 1.
     */
    public static double gamma(double shape, Random rng) {
        if (!(shape > 0) || !Double.isFinite(shape)) {
            throw new IllegalArgumentException("gamma shape must be finite and > 0, got " + shape);
        }
        if (shape < 1) {
            double u = rng.nextDouble();
            return gamma(shape + 1, rng) * Math.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) { // cheap squeeze accepts ~98% without a log
                return d * v;
            }
            if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /**
     * A symmetric Dirichlet(alpha, …, alpha) vector of length k, as normalised Gamma draws. For tiny
     * alpha every draw can underflow to 0; the limit of the distribution is then a one-hot vector,
     * so that is what we return (on a uniformly chosen coordinate).
     */
    public static double[] dirichlet(double alpha, int k, Random rng) {
        double[] p = new double[k];
        double sum = 0;
        for (int j = 0; j < k; j++) {
            p[j] = gamma(alpha, rng);
            sum += p[j];
        }
        if (!(sum > 0)) {
            p[rng.nextInt(k)] = 1;
            return p;
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
        return p;
    }
}
