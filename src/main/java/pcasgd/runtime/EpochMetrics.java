package pcasgd.runtime;

/**
 * What one epoch measured.
 *
 * @param testAccuracy        accuracy of the averaged model x̄ on the test set
 * @param agentAccuracy       per-agent test accuracy, empty when agents were not evaluated
 * @param consensusDistance   √((1/n) Σ_i ‖x_i − x̄‖²)
 * @param predictFraction     share of (step, layer) decisions that chose predicting; NaN if none
 * @param predictPerLayer     that share per layer (NaN where a layer decided nothing)
 * @param correctionRatio     mean ‖predicting correction‖ / ‖α g‖; NaN if no correction applied
 * @param lateFraction        share of held neighbour copies that were late when used
 * @param simulatedTime       cumulative time in units of one local step, where synchronous
 *                            methods wait for the slowest message of each step
 */
public record EpochMetrics(
        int epoch,
        long steps,
        double trainLoss,
        double testLoss,
        double testAccuracy,
        double[] agentAccuracy,
        double consensusDistance,
        double predictFraction,
        double[] predictPerLayer,
        double correctionRatio,
        double lateFraction,
        double wallSeconds,
        double simulatedTime) {

    public double meanAgentAccuracy() {
        return agentAccuracy.length == 0 ? Double.NaN : java.util.Arrays.stream(agentAccuracy).average().orElse(Double.NaN);
    }

    public double minAgentAccuracy() {
        return agentAccuracy.length == 0 ? Double.NaN : java.util.Arrays.stream(agentAccuracy).min().orElse(Double.NaN);
    }

    public double maxAgentAccuracy() {
        return agentAccuracy.length == 0 ? Double.NaN : java.util.Arrays.stream(agentAccuracy).max().orElse(Double.NaN);
    }
}
