package pcasgd.runtime.cluster;

/** From an agent: its computation failed ({@code diverged}: the loss became NaN/∞); the coordinator ends the run. */
record AgentFailed(String runId, int agent, long step, boolean diverged, String message)
        implements CoordinatorMsg, ControlMessage { }
