package pcasgd.runtime.cluster;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * From an agent to each coordinator it finds: the step this life of the agent started at (0, or its
 * checkpoint's). An agent that resumed at or past the end of an epoch never reports that epoch: the
 * report went with its previous life, so the coordinator does not wait for it. {@code self} names the
 * life: the coordinator applies it only while that life is the agent it knows.
 */
record AgentStarted(String runId, int agent, long startStep, ActorRef<AgentMsg> self) implements CoordinatorMsg, ControlMessage { }
