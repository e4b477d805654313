package pcasgd.algorithm;

/**
 * What only a simulator knows: neighbour j's true parameters x_j^k at the current step. Given to a
 * rule so it can measure how much staleness its predictions remove; real runtimes pass none.
 */
@FunctionalInterface
public interface NeighbourTruth {
    float[] current(int neighbour);
}
