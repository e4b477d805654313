package pcasgd.algorithm;

/**
 * The newest copy agent i holds of neighbour j: j's parameters x̂_j and the gradient ĝ_j that j
 * computed at them, {@code age} steps old, mixed with weight w_ij. The arrays belong to the runtime
 * and must be treated as read-only.
 *
 * <p>One definition of late for every runtime: a copy is on time when it is the neighbour's
 * message of this very step (age 0) and late when its age is one step or more. The age is counted
 * in the receiver's steps (the clock its own history is indexed by).
 *
 * <p>The staleness is how many steps j has moved since it sent the copy, as far as the receiver can
 * tell: the horizon a predictor brings the copy forward over. In lockstep (the simulator) it equals
 * the age. Between actors that count their own steps the age also holds the skew between the two
 * agents' step counters (a neighbour that is merely slower looks late), so the runtime estimates the
 * staleness from a round trip instead (docs/step-skew.md); it is never more than the age.
 *
 * @param grad may be null when the method never reads neighbour gradients (then it was not sent)
 */
public record NeighbourCopy(int id, double weight, float[] params, float[] grad, int age, int staleness) {
    public NeighbourCopy {
        if (age < 0) {
            throw new IllegalArgumentException("copy age must be >= 0 (0 = on time), got " + age + " for neighbour " + id);
        }
        if (staleness < 0 || staleness > age) {
            throw new IllegalArgumentException("copy staleness must be in 0.." + age + " (its age), got " + staleness
                    + " for neighbour " + id);
        }
    }

    /** A copy whose staleness is its age: neighbours that step in lockstep. */
    public NeighbourCopy(int id, double weight, float[] params, float[] grad, int age) {
        this(id, weight, params, grad, age, age);
    }

    public boolean onTime() {
        return age == 0;
    }

    /** The step at which j sent this copy, seen from receiver step {@code k}. */
    public long sentStep(long k) {
        return k - age;
    }
}
