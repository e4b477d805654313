package pcasgd.algorithm;

/**
 * What agent i remembers of one neighbour j for forward prediction: an anchor copy x_j^a (sent at
 * step a), a velocity estimate u_j (j's displacement per step) made at the anchor, and the online
 * least-squares fit of the trust factor β_ij. A window closes when a late copy sent at step s with
 * s − a ≥ max(1, its staleness) is used, so windows are as long as the horizon predictions cover:
 *
 * <pre>
 *   R = x_j^s − x_j^a                    what really happened over the window
 *   P = (s − a) · u_j                    what the estimate made at the anchor forecast
 *   N ← ρ N + ⟨P, R⟩,  D ← ρ D + ⟨P, P⟩
 *   β = clamp(N / D, 0, 1)               argmin_β Σ_t ρ^t ‖β P_t − R_t‖², bounded
 * </pre>
 *
 * then the anchor moves to s and the predictor re-estimates u_j. Until a forecast has been checked
 * once, β = 0: an uncalibrated predictor leaves the stale copy as it is. When j restarts (a copy older
 * than the anchor, or {@link #reset} where its copies are forgotten) everything is forgotten, both
 * windows included: nothing of j's previous life is extrapolated into its new one.
 */
public final class NeighbourTrack {
    private boolean empty = true;
    private float[] anchor;
    private long anchorStep;
    private float[] velocity;
    private boolean hasVelocity;
    private double num;
    private double den;
    private float beta;

    private float[] lastWindow;
    private long windowLength;

    /** Steps covered by the last closed window (0 before one closed): how far its motion was observed. */
    public long windowLength() {
        return windowLength;
    }

    /** A buffer the predictor may keep the last closed window's raw velocity in (a limiter compares two windows). */
    public float[] lastWindow() {
        if (lastWindow == null && anchor != null) {
            lastWindow = new float[anchor.length];
        }
        return lastWindow;
    }

    /** Per-step displacement estimate u_j, or null before the first estimate. */
    public float[] velocity() {
        return hasVelocity ? velocity : null;
    }

    /** The fitted trust factor β ∈ [0, 1]. */
    public float beta() {
        return beta;
    }

    /**
     * Forgets everything seen of j (anchor, velocity, both windows, the trust fit), as when j restarted
     * and its copies were forgotten: its next copy starts a new anchor.
     */
    public void reset() {
        empty = true;
        hasVelocity = false;
        num = 0;
        den = 0;
        beta = 0;
        windowLength = 0;
        if (lastWindow != null) {
            java.util.Arrays.fill(lastWindow, 0f);
        }
    }

    /** How a predictor estimates u_j when a window closes (or at the first copy, with {@code displacement} null). */
    @FunctionalInterface
    public interface VelocityEstimate {
        /**
         * @param velocity the estimate to update in place; {@code first} when it holds no estimate yet
         * @return false when no estimate can be made yet (u_j stays unset)
         */
        boolean estimate(NeighbourCopy copy, float[] displacement, long window, float[] velocity, boolean first);
    }

    /**
     * Sees the late copy {@code copy}, sent at step {@code sent}; closes the window when it is long enough.
     *
     * @param scratch full-size buffer for the displacement R
     * @param fit     whether to fit β (auto damping) or leave it to the caller
     */
    void observe(NeighbourCopy copy, long sent, float[] scratch, double memory, boolean fit, VelocityEstimate estimate) {
        float[] x = copy.params();
        if (empty || anchor.length != x.length || sent < anchorStep) {
            // first copy of j (or first since a reset), or j restarted from an older step: start over
            reset();
            if (anchor == null || anchor.length != x.length) {
                anchor = new float[x.length];
                velocity = new float[x.length];
                lastWindow = null;
            }
            System.arraycopy(x, 0, anchor, 0, x.length);
            anchorStep = sent;
            empty = false;
            hasVelocity = estimate.estimate(copy, null, 0, velocity, true);
            return;
        }
        long window = sent - anchorStep;
        if (window < Math.max(1, copy.staleness())) {
            return;
        }
        for (int d = 0; d < x.length; d++) {
            scratch[d] = x[d] - anchor[d];
        }
        if (hasVelocity && fit) {
            double pr = 0;
            double pp = 0;
            for (int d = 0; d < x.length; d++) {
                double p = velocity[d];
                pr += p * scratch[d];
                pp += p * p;
            }
            // P = window·u: ⟨P,R⟩ = window·⟨u,R⟩, ⟨P,P⟩ = window²·⟨u,u⟩
            num = memory * num + window * pr;
            den = memory * den + (double) window * window * pp;
            beta = den > 0 ? (float) Math.max(0, Math.min(1, num / den)) : 0f;
        }
        hasVelocity = estimate.estimate(copy, scratch, window, velocity, !hasVelocity) || hasVelocity;
        windowLength = window;
        System.arraycopy(x, 0, anchor, 0, x.length);
        anchorStep = sent;
    }
}
