package pcasgd.runtime.cluster;

/**
 * To an agent: epochs up to {@code upTo} are closed and recorded where a coordinator that takes over
 * finds them, so the agent may forget its reports of them (it keeps the others, and sends them again
 * to a new coordinator).
 */
record EpochsClosed(String runId, int upTo) implements AgentMsg, ControlMessage { }
