package pcasgd.metrics;

/**
 * One agent's contribution to an epoch's metrics: its parameters at the epoch's last step and its
 * flattened metric shares ({@link MetricSet#partials}). The same record serves every runtime.
 */
public record AgentReport(int agent, int epoch, long step, float[] params, double[] partials) { }
