package pcasgd.runtime.cluster;

/** Everything a cluster node's guardian receives: the coordinator's answer to its request to join, its own events. */
interface NodeMsg { }
