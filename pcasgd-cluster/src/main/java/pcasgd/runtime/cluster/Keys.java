package pcasgd.runtime.cluster;

import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Receptionist keys. Agents find each other and the coordinator by key, never by address: the same
 * code works in one JVM and across a cluster, and the (cluster) receptionist drops entries of
 * unreachable nodes from {@code getServiceInstances}, which is how agents learn of failures. Keys need
 * no run id: the actor system is named after the run, so nodes of different runs never share a cluster.
 */
final class Keys {
    private Keys() { }

    static ServiceKey<AgentMsg> agent(int id) {
        return ServiceKey.create(AgentMsg.class, "pcasgd-agent-" + id);
    }

    /**
     * Where an agent takes its neighbours' parameter copies: a child of the agent whose path
     * ({@code /user/<agent>/params}) Artery sends over its large-message lane, so control messages to
     * the agent itself (acknowledgements, start, stop) and to the coordinator never queue behind them.
     */
    static ServiceKey<AgentMsg> params(int id) {
        return ServiceKey.create(AgentMsg.class, "pcasgd-params-" + id);
    }

    /** The name of an agent's parameter inlet, matched by {@code large-message-destinations}. */
    static final String PARAMS_INLET = "params";

    /** Every process's guardian: where the coordinator sends its {@link RunLedger} changes. */
    static final ServiceKey<NodeMsg> NODE = ServiceKey.create(NodeMsg.class, "pcasgd-node");
    /** The coordinator's name, as a cluster singleton ({@code /system/singletonManagercoordinator/coordinator}). */
    static final String COORDINATOR_NAME = "coordinator";
    static final ServiceKey<CoordinatorMsg> COORDINATOR = ServiceKey.create(CoordinatorMsg.class, "pcasgd-coordinator");
    /**
     * Where agents send their {@link AgentProgress}: in a cluster a child of the coordinator
     * ({@code .../coordinator/progress}), whose path is not one of the large-message destinations, so
     * progress goes on the ordinary lane and never waits behind parameter copies; in one JVM the
     * coordinator itself.
     */
    static final ServiceKey<CoordinatorMsg> PROGRESS = ServiceKey.create(CoordinatorMsg.class, "pcasgd-progress");
    /** The name of the coordinator's progress inlet (cluster runs). */
    static final String PROGRESS_INLET = "progress";
}
