package pcasgd.algorithm;

/**
 * The newest copy agent i holds of neighbour j: j's parameters x̂_j and the gradient ĝ_j that j
 * computed at them, {@code age} steps old (0 = on time, sent this step), mixed with weight w_ij.
 * The arrays belong to the runtime and must be treated as read-only.
 */
public record NeighbourCopy(int id, double weight, float[] params, float[] grad, int age) {
    public boolean onTime() {
        return age == 0;
    }
}
