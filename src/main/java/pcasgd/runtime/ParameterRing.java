package pcasgd.runtime;

/**
 * An agent's last few (x_i^s, g_i^s) snapshots, indexed by step. The simulator's messages refer to
 * these slots instead of copying vectors, and the same slots are the agent's own history for the
 * predicting step. x_i^{k+1} is written straight into the next slot, so nothing is copied per step.
 * With delays up to τ_max the ring keeps τ_max + 2 slots: during step k, copies as old as k − τ_max
 * are read while slot k + 1 is being written.
 */
final class ParameterRing {
    private final float[][] params;
    private final float[][] grads;

    ParameterRing(float[] initial, int maxDelay) {
        int slots = maxDelay + 2;
        params = new float[slots][];
        grads = new float[slots][];
        for (int s = 0; s < slots; s++) {
            params[s] = new float[initial.length];
            grads[s] = new float[initial.length];
        }
        System.arraycopy(initial, 0, params[0], 0, initial.length);
    }

    float[] params(long step) {
        return params[slot(step)];
    }

    float[] grad(long step) {
        return grads[slot(step)];
    }

    private int slot(long step) {
        return (int) (step % params.length);
    }
}
