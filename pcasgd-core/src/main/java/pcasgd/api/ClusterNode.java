package pcasgd.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import pcasgd.engine.GradientOracle;
import pcasgd.engine.ParameterLayout;
import pcasgd.metrics.EpochMetrics;
import pcasgd.runtime.RunningNode;

/**
 * One process's share of a multi-process run, started by {@link PcAsgd#startNode}. The process
 * that hosts the coordinator gets the run's result from {@link #awaitResult}; every process waits
 * for its own agents with {@link #awaitTermination} and then closes the node.
 */
public final class ClusterNode implements AutoCloseable {
    private final RunningNode node;
    private final FinalAverage average;
    private final ParameterLayout layout;
    private final ModelSpec model;
    private final GradientOracle owned;

    ClusterNode(RunningNode node, FinalAverage average, ParameterLayout layout, ModelSpec model, GradientOracle owned) {
        this.node = node;
        this.average = average;
        this.layout = layout;
        this.model = model;
        this.owned = owned;
    }

    /**
     * This node's actor-system address, e.g. {@code pekko://pcasgd-run@127.0.0.1:25520}.
     *
     * @return the address
     */
    public String address() {
        return node.address();
    }

    /**
     * The {@code host:port} this node listens on: what the run's other processes name as their seed.
     *
     * @return host and port
     */
    public String hostPort() {
        return node.hostPort();
    }

    /**
     * How this process ended (finished, failed, refused by the coordinator, no seed reached), once
     * {@link #awaitTermination} has returned true.
     *
     * @return the outcome, with a line for the user
     * @throws IllegalStateException if the node still runs
     */
    public NodeOutcome outcome() {
        return node.outcome();
    }

    /**
     * In words, what this node is still waiting for: whether it was admitted, which of its agents
     * still run and, on the coordinator's node, which agents and epoch the run waits for.
     *
     * @return a line for the user
     */
    public String describeWaiting() {
        return node.describeWaiting();
    }

    /**
     * Whether the run's metrics are complete (only ever on the coordinator's node).
     *
     * @return true once the run has ended on this node's coordinator
     */
    public boolean runEnded() {
        return node.metrics().isDone();
    }

    /**
     * Waits for the run's result; only the coordinator's node ever has one.
     *
     * @param timeout how long to wait
     * @return the metrics of every epoch and x̄
     * @throws IllegalStateException if the run failed or did not finish in time
     * @throws pcasgd.agent.TrainingDivergedException if the loss became NaN or infinite
     */
    public TrainingResult awaitResult(Duration timeout) {
        List<EpochMetrics> all;
        try {
            all = node.metrics().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the run", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the run did not finish within " + timeout + " (only the coordinator's node"
                    + " gets a result)", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
        return new TrainingResult(all, average.average(), layout, model);
    }

    /**
     * Waits until every actor this node hosts has stopped (the run ended, or failed).
     *
     * @param timeout how long to wait
     * @return true if the node terminated in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return node.awaitTermination(timeout);
    }

    /** Stops the node's actor system and frees the model's engine resources. */
    @Override
    public void close() {
        try {
            node.close();
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
    }
}
