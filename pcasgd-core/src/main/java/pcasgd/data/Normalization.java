package pcasgd.data;

import java.util.Arrays;

/**
 * Per-channel standardisation x ← (x − mean[c]) / std[c], applied in place. The channel is the
 * first axis of the feature shape ([C,H,W] or [C,L]); a flat [F] vector counts as one channel.
 * Applying twice standardises twice, so normalise a data set once, before training.
 */
public final class Normalization {
    /** The usual CIFAR-10 training-set statistics (RGB). */
    public static final Normalization CIFAR10 = of(new double[] {0.4914, 0.4822, 0.4465},
            new double[] {0.2470, 0.2435, 0.2616});
    /** Fashion-MNIST training-set statistics (grey). */
    public static final Normalization FASHION_MNIST = of(new double[] {0.2860}, new double[] {0.3530});

    private final float[] mean;
    private final float[] std;

    private Normalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    public static Normalization of(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("need one mean and one std per channel, got "
                    + mean.length + " means and " + std.length + " stds");
        }
        float[] m = new float[mean.length];
        float[] s = new float[std.length];
        for (int c = 0; c < mean.length; c++) {
            if (!(std[c] > 0) || !Double.isFinite(std[c]) || !Double.isFinite(mean[c])) {
                throw new IllegalArgumentException("channel " + c + ": mean " + mean[c] + ", std " + std[c]
                        + " (std must be finite and > 0)");
            }
            m[c] = (float) mean[c];
            s[c] = (float) std[c];
        }
        return new Normalization(m, s);
    }

    /**
     * Per-channel mean and (population) standard deviation of {@code data}, accumulated in double
     * with a two-pass formula so large sets do not lose precision. A constant channel gets std 1,
     * which leaves it centred instead of dividing by zero.
     */
    public static Normalization fit(Dataset data) {
        int channels = channels(data.featureShape());
        int plane = data.featureSize() / channels;
        float[] f = data.features();
        int n = data.size();
        double[] mean = new double[channels];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int base = i * data.featureSize() + c * plane;
                for (int k = 0; k < plane; k++) {
                    mean[c] += f[base + k];
                }
            }
        }
        double count = (double) n * plane;
        for (int c = 0; c < channels; c++) {
            mean[c] /= count;
        }
        double[] var = new double[channels];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int base = i * data.featureSize() + c * plane;
                for (int k = 0; k < plane; k++) {
                    double d = f[base + k] - mean[c];
                    var[c] += d * d;
                }
            }
        }
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            double s = Math.sqrt(var[c] / count);
            std[c] = s > 1e-12 ? s : 1.0;
        }
        return of(mean, std);
    }

    public int channels() { return mean.length; }
    public float[] mean() { return mean.clone(); }
    public float[] std() { return std.clone(); }

    /** Normalises every example of {@code data} in place (mutates its feature array). */
    public void apply(Dataset data) {
        apply(data.features(), data.size(), data.featureShape());
    }

    /** Normalises the {@code size} valid examples of {@code batch} in place. */
    public void apply(Batch batch) {
        apply(batch.features(), batch.size(), batch.featureShape());
    }

    /** Normalises the first {@code count} examples of shape {@code shape} stored row-major in {@code features}. */
    public void apply(float[] features, int count, int[] shape) {
        int channels = channels(shape);
        if (channels != mean.length) {
            throw new IllegalArgumentException("normalization has " + mean.length + " channels but features of shape "
                    + Arrays.toString(shape) + " have " + channels);
        }
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int plane = size / channels;
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                int base = i * size + c * plane;
                float m = mean[c];
                float inv = 1f / std[c];
                for (int k = 0; k < plane; k++) {
                    features[base + k] = (features[base + k] - m) * inv;
                }
            }
        }
    }

    private static int channels(int[] shape) {
        return shape.length >= 2 ? shape[0] : 1;
    }

    @Override
    public String toString() {
        return "Normalization{mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "}";
    }
}
