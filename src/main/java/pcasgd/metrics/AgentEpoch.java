package pcasgd.metrics;

import pcasgd.algorithm.RuleStats;

/** What one agent counted over an epoch's steps, for metrics to take their share from. */
public interface AgentEpoch {
    int agent();

    /** Σ of the minibatch losses of the gradients it computed, and how many it computed. */
    double lossSum();

    long gradients();

    /** Neighbour copies its updates used, how many of them were late (age ≥ 1), and the sum of the late ones' ages. */
    long copiesUsed();

    long lateCopies();

    long lateAgeSum();

    /** What its update rule measured (choices, prediction quality). */
    RuleStats rule();
}
