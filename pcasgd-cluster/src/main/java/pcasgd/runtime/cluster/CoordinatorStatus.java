package pcasgd.runtime.cluster;

/** The coordinator's answer to a {@link StatusRequest}, e.g. "epoch 3 of 8: waiting for the reports of agents 1, 3". */
record CoordinatorStatus(String runId, String text) implements ControlMessage { }
