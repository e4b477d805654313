package pcasgd.metrics;

import pcasgd.algorithm.Tallies;

/** What one agent counted over an epoch's steps, for metrics to take their share from. */
public interface AgentEpoch {
    int agent();

    /** Σ of the minibatch losses of the gradients it computed, and how many it computed. */
    double lossSum();

    long gradients();

    /**
     * Neighbour copies its updates used and the sum of their ages; how many of them came over a late link
     * (dropped by the clipping step) and the sum of those copies' ages.
     */
    long copiesUsed();

    long ageSum();

    long lateCopies();

    long lateAgeSum();

    /**
     * What its update rule counted (choices, prediction quality): sums by {@link pcasgd.algorithm.Counter},
     * each declared by the policy that adds to it (e.g. {@link pcasgd.algorithm.Predict#TRUST}).
     */
    Tallies tallies();

    /** What its outgoing links carried (actor runtimes; zero in the simulator). */
    pcasgd.agent.LinkTraffic.Totals links();
}
