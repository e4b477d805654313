package pcasgd.runtime.cluster;

import org.apache.pekko.actor.typed.ActorRef;

/** To the coordinator: say in words what the run is waiting for (asked when a process gives up waiting). */
record StatusRequest(String runId, ActorRef<CoordinatorStatus> replyTo) implements CoordinatorMsg, ControlMessage { }
