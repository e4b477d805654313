package pcasgd.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import pcasgd.api.NodeOutcome;
import pcasgd.metrics.EpochMetrics;

/** One process's share of a multi-process run, as started by {@link ActorRuntime#startNode}. */
public interface RunningNode extends AutoCloseable {
    /**
     * This node's actor-system address.
     *
     * @return e.g. {@code pekko://pcasgd-run@127.0.0.1:25520}
     */
    String address();

    /**
     * The run's metrics; completed only on the node that hosts the coordinator.
     *
     * @return the future metrics of every epoch
     */
    CompletableFuture<List<EpochMetrics>> metrics();

    /**
     * Waits until every actor this node hosts has stopped.
     *
     * @param timeout how long to wait
     * @return true if the node terminated in time
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * The {@code host:port} this node listens on: what other processes name as their seed.
     *
     * @return host and port
     */
    String hostPort();

    /**
     * How the process ended, once it has terminated.
     *
     * @return the outcome
     * @throws IllegalStateException if the node still runs
     */
    NodeOutcome outcome();

    /**
     * In words, what this node is still waiting for (admission, its agents, the coordinator's epoch).
     *
     * @return a line for a user
     */
    String describeWaiting();

    /** Stops the node's actor system. */
    @Override
    void close();
}
