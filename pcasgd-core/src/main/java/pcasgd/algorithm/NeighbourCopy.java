package pcasgd.algorithm;

/**
 * The newest copy agent i holds of neighbour j: j's parameters x̂_j and the gradient ĝ_j that j
 * computed at them, {@code age} steps old, mixed with weight w_ij. The arrays belong to the runtime
 * and must be treated as read-only.
 *
 * <p>The age is counted in the receiver's steps (the clock its own history is indexed by). Whether
 * the copy is <em>late</em> — left out by the clipping step — is decided per link, alike at both ends,
 * by the runtime ({@code pcasgd.agent.LinkLateness}): in lockstep a link is late at step k when the
 * copy in either direction is one step old or more; between actors when a copy takes at least one
 * of its sender's steps to cross. A copy on a late link is brought forward by the predicting step
 * only when its sender has moved since it was sent (staleness ≥ 1).
 *
 * <p>The staleness is how many steps j has moved since it sent the copy, as far as the receiver can
 * tell: the horizon a predictor brings the copy forward over. In lockstep (the simulator) it equals
 * the age. Between actors that count their own steps the age also holds the skew between the two
 * agents' step counters (a neighbour that is merely slower looks late), so the runtime estimates the
 * staleness from a round trip instead (docs/step-skew.md); it is never more than the age.
 *
 * @param grad may be null when the method never reads neighbour gradients (then it was not sent)
 */
public record NeighbourCopy(int id, double weight, float[] params, float[] grad, int age, int staleness, boolean late) {
    public NeighbourCopy {
        if (age < 0) {
            throw new IllegalArgumentException("copy age must be >= 0 (0 = on time), got " + age + " for neighbour " + id);
        }
        if (staleness < 0 || staleness > age) {
            throw new IllegalArgumentException("copy staleness must be in 0.." + age + " (its age), got " + staleness
                    + " for neighbour " + id);
        }
    }

    /** A copy whose staleness is its age, late when it is one step old or more: a link of agents in lockstep. */
    public NeighbourCopy(int id, double weight, float[] params, float[] grad, int age) {
        this(id, weight, params, grad, age, age, age >= 1);
    }

    /** A copy whose link is late when the copy is one step old or more, with its staleness estimated apart from its age. */
    public NeighbourCopy(int id, double weight, float[] params, float[] grad, int age, int staleness) {
        this(id, weight, params, grad, age, staleness, age >= 1);
    }

    /** Kept by the clipping step: the link it came over is on time. */
    public boolean onTime() {
        return !late;
    }

    /** Brought forward by the predicting step: on a late link, and its sender has moved since it was sent. */
    public boolean predicted() {
        return late && staleness >= 1;
    }

    /** The step at which j sent this copy, seen from receiver step {@code k}. */
    public long sentStep(long k) {
        return k - age;
    }
}
