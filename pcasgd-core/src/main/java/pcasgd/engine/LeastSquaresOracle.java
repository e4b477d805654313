package pcasgd.engine;

import java.util.SplittableRandom;
import pcasgd.data.Batch;
import pcasgd.data.Dataset;

/**
 * Linear least squares, f(x) = (1/2B) Σ_b (a_b·x − y_b)² + (ρ/2)‖x‖², in plain Java: a strongly
 * convex problem whose optimum x* is known exactly, for convergence tests and the theory check.
 */
public final class LeastSquaresOracle implements GradientOracle {
    private final int dimension;
    private final double ridge;
    private final ParameterLayout layout;

    public LeastSquaresOracle(int dimension, double ridge) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (!(ridge >= 0)) {
            throw new IllegalArgumentException("ridge must be >= 0, got " + ridge);
        }
        this.dimension = dimension;
        this.ridge = ridge;
        this.layout = ParameterLayout.single("x", dimension);
    }

    /** A synthetic regression set y = A x_true + noise, rows a_b ~ N(0, I). */
    public static Dataset generate(int examples, int dimension, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] truth = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            truth[d] = (float) gaussian(rng);
        }
        float[] a = new float[examples * dimension];
        float[] y = new float[examples];
        for (int b = 0; b < examples; b++) {
            double dot = 0;
            for (int d = 0; d < dimension; d++) {
                float v = (float) gaussian(rng);
                a[b * dimension + d] = v;
                dot += v * truth[d];
            }
            y[b] = (float) (dot + noise * gaussian(rng));
        }
        return Dataset.regression("least-squares", dimension, a, y);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** The exact minimiser of the full objective over {@code data}: (AᵀA/N + ρI) x = Aᵀy/N. */
    public double[] optimum(Dataset data) {
        int n = data.size();
        double[][] m = new double[dimension][dimension + 1];
        float[] a = data.features();
        for (int b = 0; b < n; b++) {
            int row = b * dimension;
            for (int p = 0; p < dimension; p++) {
                double ap = a[row + p];
                for (int q = 0; q < dimension; q++) {
                    m[p][q] += ap * a[row + q] / n;
                }
                m[p][dimension] += ap * data.target(b) / n;
            }
        }
        for (int p = 0; p < dimension; p++) {
            m[p][p] += ridge;
        }
        return solve(m);
    }

    private static double[] solve(double[][] m) {
        int n = m.length;
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            if (Math.abs(m[c][c]) < 1e-12) {
                throw new IllegalArgumentException("least-squares system is singular: add a ridge term or more examples");
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = m[r][c] / m[c][c];
                    for (int k = c; k <= n; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int r = 0; r < n; r++) {
            x[r] = m[r][n] / m[r][r];
        }
        return x;
    }

    @Override
    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public float[] initialParameters(long seed) {
        return new float[dimension];
    }

    @Override
    public float lossAndGradient(float[] params, Batch batch, float[] gradOut) {
        return (float) accumulate(params, batch, gradOut);
    }

    @Override
    public float loss(float[] params, Batch batch) {
        return (float) accumulate(params, batch, null);
    }

    private double accumulate(float[] x, Batch batch, float[] grad) {
        if (batch.featureSize() != dimension) {
            throw new IllegalArgumentException("least-squares batch has " + batch.featureSize()
                    + " features per example, model has " + dimension);
        }
        int n = batch.size();
        float[] a = batch.features();
        float[] y = batch.targets();
        if (grad != null) {
            for (int d = 0; d < dimension; d++) {
                grad[d] = (float) (ridge * x[d]);
            }
        }
        double loss = 0;
        for (int b = 0; b < n; b++) {
            int row = b * dimension;
            double r = -y[b];
            for (int d = 0; d < dimension; d++) {
                r += a[row + d] * x[d];
            }
            loss += 0.5 * r * r / n;
            if (grad != null) {
                float scale = (float) (r / n);
                for (int d = 0; d < dimension; d++) {
                    grad[d] += scale * a[row + d];
                }
            }
        }
        double reg = 0;
        for (int d = 0; d < dimension; d++) {
            reg += x[d] * x[d];
        }
        return loss + 0.5 * ridge * reg;
    }

    @Override
    public Evaluation evaluate(float[] params, Dataset data) {
        Batch all = data.batch(java.util.stream.IntStream.range(0, data.size()).toArray());
        return new Evaluation(loss(params, all), Double.NaN, data.size());
    }
}
