package pcasgd.runtime;

import java.util.List;

/** Network-wide views of the agents' parameters: the average x̄ and the consensus distance. */
public final class Consensus {
    private Consensus() { }

    public static float[] average(List<float[]> params) {
        int dim = params.get(0).length;
        double[] sum = new double[dim];
        for (float[] x : params) {
            for (int d = 0; d < dim; d++) {
                sum[d] += x[d];
            }
        }
        float[] mean = new float[dim];
        for (int d = 0; d < dim; d++) {
            mean[d] = (float) (sum[d] / params.size());
        }
        return mean;
    }

    /** √((1/n) Σ_i ‖x_i − x̄‖²). */
    public static double distance(List<float[]> params, float[] mean) {
        double total = 0;
        for (float[] x : params) {
            for (int d = 0; d < mean.length; d++) {
                double diff = x[d] - mean[d];
                total += diff * diff;
            }
        }
        return Math.sqrt(total / params.size());
    }
}
