package pcasgd.agent;

/** Observes one agent between its steps (checkpoints, probes), on the agent's own thread; never inside the math. */
@FunctionalInterface
public interface AgentListener {
    /** After the agent moved to {@code agent.step()}. */
    void afterStep(Agent agent);
}
