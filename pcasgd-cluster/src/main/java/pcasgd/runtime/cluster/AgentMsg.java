package pcasgd.runtime.cluster;

/** Everything an agent actor receives: neighbours' parameters, control messages, its own internal events. */
public interface AgentMsg { }
