package pcasgd.runtime.cluster;

/**
 * Agent {@code agent}'s contribution to the metrics of one epoch: its parameters at the epoch's
 * last step and its counters over the epoch's steps.
 *
 * @param ratioSum   the agent's mean correction ratio over the epoch (NaN if none), summed by the coordinator
 */
public record EpochReport(String runId, int agent, int epoch, long step, double lossSum, int lossCount,
                          long lateCopies, long copies, long[] predicted, long[] decided, double ratio,
                          float[] params) implements CoordinatorMsg, BinaryMessage { }
