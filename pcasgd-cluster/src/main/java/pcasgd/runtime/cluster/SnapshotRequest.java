package pcasgd.runtime.cluster;

import pcasgd.api.SnapshotProbe;
import org.apache.pekko.actor.typed.ActorRef;

/** From the coordinator's {@link SnapshotProbe}: send me your newest parameters (local runtime only). */
record SnapshotRequest(String runId, long round, ActorRef<CoordinatorMsg> replyTo) implements AgentMsg { }
