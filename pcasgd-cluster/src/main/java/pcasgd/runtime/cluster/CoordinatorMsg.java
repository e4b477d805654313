package pcasgd.runtime.cluster;

/** Everything the coordinator actor receives. */
public interface CoordinatorMsg { }
