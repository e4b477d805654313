package pcasgd.runtime.cluster;

import pcasgd.metrics.AgentReport;

/**
 * An agent's {@link AgentReport} of one epoch on its way to the coordinator: its parameters at the
 * epoch's last step and its flattened metric shares, tagged with the run.
 */
public record EpochReport(String runId, int agent, int epoch, long step, double[] partials, float[] params)
        implements CoordinatorMsg, BinaryMessage {

    static EpochReport of(String runId, AgentReport r) {
        return new EpochReport(runId, r.agent(), r.epoch(), r.step(), r.partials(), r.params());
    }

    AgentReport report() {
        return new AgentReport(agent, epoch, step, params, partials);
    }
}
