package pcasgd.runtime.cluster;

/** Everything the coordinator actor receives. */
interface CoordinatorMsg { }
