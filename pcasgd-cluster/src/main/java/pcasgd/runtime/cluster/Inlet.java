package pcasgd.runtime.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A child that passes every message on to its parent: a second path for one actor, so that what is
 * sent to it takes the Artery lane its path selects ({@code large-message-destinations} in
 * pcasgd-cluster.conf): an agent's parameter copies the large lane, the coordinator's progress the
 * ordinary one.
 */
final class Inlet {
    private Inlet() { }

    /** Spawns the inlet {@code name} under the actor of {@code parent}. */
    static <T> ActorRef<T> spawn(ActorContext<T> parent, Class<T> type, String name) {
        return parent.spawn(Behaviors.receive(type).onAnyMessage(m -> {
            parent.getSelf().tell(m);
            return Behaviors.same();
        }).build(), name);
    }
}
