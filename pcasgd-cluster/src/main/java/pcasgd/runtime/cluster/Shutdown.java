package pcasgd.runtime.cluster;

/** From the coordinator: the run is over (or failed); stop the agent. */
record Shutdown(String runId, String reason) implements AgentMsg, ControlMessage { }
