package pcasgd.agent;

/**
 * An agent's last few (x_i^s, g_i^s), indexed by step, in a ring of {@code depth + 2} slots: slot
 * k + 1 is written while copies as old as k − depth are still read. x_i^{k+1} is written straight
 * into the next slot, so nothing is copied per step; in the simulator the slots also serve as the
 * agent's sent messages.
 */
final class ParameterHistory {
    private final float[][] params;
    private final float[][] grads;
    private final int depth;

    ParameterHistory(float[] initial, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("history depth must be >= 0, got " + depth);
        }
        this.depth = depth;
        int slots = depth + 2;
        params = new float[slots][];
        grads = new float[slots][];
        for (int s = 0; s < slots; s++) {
            params[s] = initial.clone(); // history before the start is the start itself
            grads[s] = new float[initial.length];
        }
    }

    float[] params(long step) {
        return params[slot(step)];
    }

    float[] grad(long step) {
        return grads[slot(step)];
    }

    /** x_i^{k−age}, the oldest kept copy when {@code age} reaches past the history. */
    float[] paramsAgo(long k, int age) {
        return params(k - Math.min(Math.max(age, 0), depth));
    }

    int depth() {
        return depth;
    }

    private int slot(long step) {
        return (int) Math.floorMod(step, (long) params.length);
    }
}
