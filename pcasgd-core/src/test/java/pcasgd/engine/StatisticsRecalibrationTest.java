package pcasgd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pcasgd.data.Batch;
import pcasgd.data.Dataset;

/**
 * The running statistics of an averaged model, recomputed by {@link DjlOracle#recomputeStatistics}
 * and {@link StatisticsRecalibration}, against the same statistics worked out by hand in this test:
 * a tiny network bn1 → fc1 → bn2 → ReLU → fc2 on 3 features, whose batch-norm inputs are the examples
 * themselves (bn1) and a linear map of bn1's batch-normalised output (bn2), computed here in double.
 */
class StatisticsRecalibrationTest {
    private static final int FEATURES = 3;
    private static final int HIDDEN = 4;
    private static final int CLASSES = 2;
    /** DJL's batch-norm epsilon. */
    private static final double EPS = 1e-5;

    @BeforeAll
    static void engine() {
        EngineSetup.configure(1);
    }

    static Block tinyBn() {
        return new SequentialBlock()
                .add(BatchNorm.builder().build())
                .add(Linear.builder().setUnits(HIDDEN).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    static DjlOracle oracle() {
        return DjlOracle.builder().block("tiny bn", StatisticsRecalibrationTest::tinyBn).inputShape(FEATURES)
                .numClasses(CLASSES).build();
    }

    private static Dataset data(int n) {
        SplittableRandom r = new SplittableRandom(11);
        float[] f = new float[n * FEATURES];
        for (int i = 0; i < f.length; i++) {
            // scaled and shifted per feature, so the statistics are far from the initial 0 and 1
            f[i] = (float) (r.nextGaussian() * (1 + i % FEATURES) + 2 * (i % FEATURES) - 1);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % CLASSES;
        }
        return Dataset.classification("bn-data", new int[] {FEATURES}, f, labels, CLASSES);
    }

    private static float[] segment(ParameterLayout l, float[] x, String name) {
        ParameterLayout.Segment s = l.segment(name);
        return Arrays.copyOfRange(x, s.offset(), s.offset() + s.size());
    }

    /** Two agents' parameters: different weights, norm scales and shifts, and running statistics that fit nothing. */
    private static List<float[]> agents(DjlOracle o) {
        ParameterLayout l = o.layout();
        List<float[]> out = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
            float[] x = o.initialParameters(a + 1);
            SplittableRandom r = new SplittableRandom(100 + a);
            for (String name : List.of("bn1.gamma", "bn1.beta", "bn2.gamma", "bn2.beta")) {
                ParameterLayout.Segment s = l.segment(name);
                for (int d = s.offset(); d < s.offset() + s.size(); d++) {
                    x[d] = (float) (name.endsWith("gamma") ? 0.5 + r.nextDouble() : r.nextGaussian());
                }
            }
            for (ParameterLayout.Segment s : l.segments()) {
                if (!s.trainable()) {
                    Arrays.fill(x, s.offset(), s.offset() + s.size(), 7f + a);
                }
            }
            out.add(x);
        }
        return out;
    }

    private static float[] mean(List<float[]> xs) {
        float[] m = new float[xs.get(0).length];
        for (int d = 0; d < m.length; d++) {
            m[d] = (xs.get(0)[d] + xs.get(1)[d]) / 2;
        }
        return m;
    }

    /** Per column of {@code rows} (n × c): {mean, biased variance, unbiased variance}. */
    private static double[][] moments(double[][] rows) {
        int n = rows.length;
        int c = rows[0].length;
        double[][] m = new double[3][c];
        for (int j = 0; j < c; j++) {
            double s = 0;
            for (double[] row : rows) {
                s += row[j];
            }
            double mu = s / n;
            double ss = 0;
            for (double[] row : rows) {
                ss += (row[j] - mu) * (row[j] - mu);
            }
            m[0][j] = mu;
            m[1][j] = ss / n;
            m[2][j] = ss / (n - 1);
        }
        return m;
    }

    /**
     * bn1's and bn2's batch statistics of one batch at {@code x}, by hand: {bn1 mean, bn1 unbiased var,
     * bn2 mean, bn2 unbiased var}. In training mode a batch norm normalises with the batch's mean and
     * biased variance; its running variance takes the unbiased one.
     */
    private static double[][] batchStatistics(ParameterLayout l, float[] x, Batch b) {
        int n = b.size();
        double[][] in = new double[n][FEATURES];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                in[i][j] = b.features()[i * FEATURES + j];
            }
        }
        double[][] m1 = moments(in);
        float[] g1 = segment(l, x, "bn1.gamma");
        float[] b1 = segment(l, x, "bn1.beta");
        float[] w = segment(l, x, "fc1.weight"); // [HIDDEN, FEATURES], y = W x + b
        float[] bias = segment(l, x, "fc1.bias");
        double[][] h = new double[n][HIDDEN];
        for (int i = 0; i < n; i++) {
            double[] y = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                y[j] = g1[j] * (in[i][j] - m1[0][j]) / Math.sqrt(m1[1][j] + EPS) + b1[j];
            }
            for (int u = 0; u < HIDDEN; u++) {
                double s = bias[u];
                for (int j = 0; j < FEATURES; j++) {
                    s += w[u * FEATURES + j] * y[j];
                }
                h[i][u] = s;
            }
        }
        double[][] m2 = moments(h);
        return new double[][] {m1[0], m1[2], m2[0], m2[2]};
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int d = 0; d < expected.length; d++) {
            double tol = 1e-5 * Math.max(1, Math.abs(expected[d]));
            assertEquals(expected[d], actual[d], tol, what + "[" + d + "]: " + Arrays.toString(actual) + " vs "
                    + Arrays.toString(expected));
        }
    }

    @Test
    void recomputedStatisticsOfAnAveragedModelAreTheMeanOfItsBatchStatistics() {
        Dataset data = data(40);
        try (DjlOracle o = oracle()) {
            ParameterLayout l = o.layout();
            assertEquals(List.of(false, false), List.of(l.segment("bn1.runningMean").trainable(),
                    l.segment("bn2.runningVar").trainable()), "running statistics are not trainable");
            float[] xbar = mean(agents(o));
            List<Batch> batches = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                int first = b * 8;
                batches.add(data.batch(java.util.stream.IntStream.range(first, first + 8 + 2 * b).toArray()));
            }

            float[] out = o.recomputeStatistics(xbar, batches);

            double[][] sum = new double[4][];
            for (Batch b : batches) {
                double[][] s = batchStatistics(l, xbar, b);
                for (int k = 0; k < 4; k++) {
                    if (sum[k] == null) {
                        sum[k] = new double[s[k].length];
                    }
                    for (int d = 0; d < s[k].length; d++) {
                        sum[k][d] += s[k][d] / batches.size();
                    }
                }
            }
            assertClose(sum[0], segment(l, out, "bn1.runningMean"), "bn1 running mean");
            assertClose(sum[1], segment(l, out, "bn1.runningVar"), "bn1 running variance");
            assertClose(sum[2], segment(l, out, "bn2.runningMean"), "bn2 running mean");
            assertClose(sum[3], segment(l, out, "bn2.runningVar"), "bn2 running variance");
            for (ParameterLayout.Segment s : l.segments()) {
                if (s.trainable()) {
                    assertArrayEquals(segment(l, xbar, s.name()), segment(l, out, s.name()), s.name() + " is a weight: untouched");
                }
            }
            assertEquals(7.5f, xbar[l.segment("bn1.runningMean").offset()], "the input was the linear average");
        }
    }

    @Test
    void recalibrationTakesAFixedSeededSampleAndSkipsModelsWithoutStatistics() {
        Dataset data = data(100);
        StatisticsRecalibration r = StatisticsRecalibration.of(data, 5, 16, 3);
        assertEquals(5, r.batches());
        Set<Integer> seen = new HashSet<>();
        for (int[] b : r.indices()) {
            assertEquals(16, b.length);
            for (int i : b) {
                assertTrue(seen.add(i), "example " + i + " drawn twice");
            }
        }
        assertArrayEquals(r.indices()[2], StatisticsRecalibration.of(data, 5, 16, 3).indices()[2], "seeded");
        assertEquals(6, StatisticsRecalibration.of(data, 50, 16, 3).batches(), "no more full batches than the data has");
        assertEquals(0, StatisticsRecalibration.of(data, 0, 16, 3).batches(), "0 = off");

        LeastSquaresOracle ls = new LeastSquaresOracle(4, 0);
        float[] x = {1, 2, 3, 4};
        assertSame(x, r.apply(ls, x), "a model without statistics is left as it is");
        try (DjlOracle o = oracle()) {
            float[] xbar = mean(agents(o));
            assertSame(xbar, StatisticsRecalibration.none().apply(o, xbar));
            float[] out = r.apply(o, xbar);
            List<Batch> same = new ArrayList<>();
            for (int[] b : r.indices()) {
                same.add(data.batch(b));
            }
            assertArrayEquals(o.recomputeStatistics(xbar, same), out, "the sample's batches, in order");
        }
    }
}
