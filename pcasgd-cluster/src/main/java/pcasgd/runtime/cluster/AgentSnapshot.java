package pcasgd.runtime.cluster;

/** An agent's answer to a {@link SnapshotRequest}: x_i^step, a private copy (local runtime only). */
record AgentSnapshot(String runId, int agent, long round, long step, float[] params) implements CoordinatorMsg { }
