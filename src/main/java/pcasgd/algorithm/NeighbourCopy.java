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
 * @param grad may be null when the method never reads neighbour gradients (then it was not sent)
 */
public record NeighbourCopy(int id, double weight, float[] params, float[] grad, int age) {
    public NeighbourCopy {
        if (age < 0) {
            throw new IllegalArgumentException("copy age must be >= 0 (0 = on time), got " + age + " for neighbour " + id);
        }
    }

    public boolean onTime() {
        return age == 0;
    }

    /** The step at which j sent this copy, seen from receiver step {@code k}. */
    public long sentStep(long k) {
        return k - age;
    }
}
