package pcasgd.agent;

import pcasgd.data.Batch;

/** An agent's stream of minibatches drawn from its own shard. */
@FunctionalInterface
public interface BatchSource {
    /** Overwrites {@code out} with the next minibatch. */
    void next(Batch out);
}
