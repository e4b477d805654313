package pcasgd.runtime.cluster;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * From a process to the coordinator, before it starts any agent: admit these agents, which run with
 * these settings. The coordinator answers with an {@link Admission}; only an admitted process
 * spawns its agent actors, so a refused one never sends or receives a parameter message.
 *
 * @param fingerprint every setting the run's processes must agree on, by name
 */
record JoinRequest(String runId, Map<String, String> fingerprint, List<Integer> agents, ActorRef<NodeMsg> replyTo)
        implements CoordinatorMsg, ControlMessage { }
