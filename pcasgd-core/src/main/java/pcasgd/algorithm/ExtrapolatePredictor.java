package pcasgd.algorithm;

/**
 * Damped, limited linear extrapolation of the neighbour's own recent motion. Windows of j's copies
 * as long as the copies' age close one after another (see {@link NeighbourTrack}); the velocity is
 * the minmod of the last two windows' velocities, per coordinate — the smaller rate where both
 * windows moved the same way, zero where they disagree — and the copy is brought forward by it:
 *
 * <pre>
 *   w_t       = (x_j^{s_t} − x_j^{s_{t−1}}) / (s_t − s_{t−1})           (last closed window)
 *   u_j       = minmod(w_{t−1}, w_t)                                    (none until two windows closed)
 *   x̂_j^pred = x̂_j + β min(τ_ij, s_t − s_{t−1}) u_j     (τ_ij: the copy's staleness)
 * </pre>
 *
 * Only j's own copies feed the forecast, never agent i's trajectory ("j moved as far as I did"
 * feeds i's displacement back into i and diverged). With consensus SGD every agent drifts with the
 * network's mean motion, which a stale copy drags back by τ_ij steps: that steady drift is what this
 * predictor restores. The limiter (as in TVD schemes for conservation laws) keeps the
 * extrapolation from feeding oscillations: unlimited, the forecast's gain exceeds 1 on a mode of
 * period 2τ and a run on least squares diverged once it neared the optimum; limited, a drift must
 * persist over two windows before it is extrapolated, at the slower of their rates, and never
 * further ahead than the window it was observed over (where ages vary, as between real processes,
 * a copy 100 steps old would otherwise be pushed 100 steps along a velocity seen over a few). β is
 * the trust factor, fixed or fitted (auto). The forecast's share c_j = β min(τ_ij, L)/L of a window is
 * held, with the other late copies', to the {@link SelfWeightBound} Σ_j w_ij c_j ≤ w_ii: two late
 * neighbours extrapolating at full trust grow the step on a ring where every link is late, limiter or
 * not. No gradient is needed.
 */
final class ExtrapolatePredictor implements Predictor {
    private final DampingSpec damping;

    ExtrapolatePredictor(DampingSpec damping) {
        this.damping = damping;
    }

    @Override
    public void prepare(StepContext c, PredictionState s) {
        for (int m = 0; m < s.lateCount(); m++) {
            NeighbourCopy n = s.late(m);
            NeighbourTrack track = s.track(n.id());
            track.observe(n, n.sentStep(c.step()), s.scratch(), damping.memory(), damping.auto(),
                    (copy, displacement, window, u, first) -> {
                        if (displacement == null) {
                            return false; // one copy tells nothing about motion
                        }
                        // the limiter compares two windows: with only one closed there is no velocity yet
                        // (nor a trust to report)
                        boolean twoWindows = track.windowLength() > 0;
                        float inv = 1f / window;
                        float[] last = track.lastWindow();
                        for (int d = 0; d < u.length; d++) {
                            float now = displacement[d] * inv;
                            float before = last[d];
                            u[d] = minmod(before, now);
                            last[d] = now;
                        }
                        // running statistics are not extrapolated, nor do they weigh in the fit of β
                        Frozen.zero(c, u, 0, u.length);
                        return twoWindows;
                    });
        }
    }

    /** The smaller of two rates that agree in sign; 0 when they disagree (or one is 0). */
    static float minmod(float a, float b) {
        if (a > 0f && b > 0f) {
            return Math.min(a, b);
        }
        if (a < 0f && b < 0f) {
            return Math.max(a, b);
        }
        return 0f;
    }

    /** β, or 0 while there is no velocity to trust (before two windows of copies closed). */
    @Override
    public double trust(PredictionState s, int m) {
        NeighbourTrack t = s.track(s.late(m).id());
        if (t.velocity() == null) {
            return 0;
        }
        return damping.auto() ? t.beta() : damping.fixed();
    }

    @Override
    public void predict(StepContext c, PredictionState s, int m, float[] mix, float[] bound, int lo, int hi, float[] out) {
        NeighbourCopy n = s.late(m);
        float[] xh = n.params();
        NeighbourTrack track = s.track(n.id());
        float[] u = track.velocity();
        if (u == null) {
            System.arraycopy(xh, lo, out, lo, hi - lo);
            return;
        }
        // forward over the copy's staleness, not its age: between actors the age also counts step skew
        float step = (float) trust(s, m) * Math.min(n.staleness(), track.windowLength());
        if (bound == null) {
            for (int d = lo; d < hi; d++) {
                out[d] = xh[d] + step * u[d];
            }
        } else {
            for (int d = lo; d < hi; d++) {
                out[d] = xh[d] + step * bound[d] * u[d];
            }
        }
    }

    /**
     * c_j = β min(τ_ij, L)/L where the velocity is not zero: the share of the last window's displacement
     * the forecast reaches, moved from j's copy at the window's start onto its end (L: the window's length).
     */
    @Override
    public void coefficients(StepContext c, PredictionState s, int m, int lo, int hi, float[] out) {
        float k = maxCoefficient(c, s, m);
        float[] u = s.track(s.late(m).id()).velocity();
        for (int d = lo; d < hi; d++) {
            out[d] = u != null && u[d] != 0f ? k : 0f;
        }
    }

    @Override
    public float maxCoefficient(StepContext c, PredictionState s, int m) {
        NeighbourCopy n = s.late(m);
        NeighbourTrack track = s.track(n.id());
        if (track.velocity() == null) {
            return 0f;
        }
        long window = track.windowLength();
        return (float) (trust(s, m) * Math.min(n.staleness(), window) / window);
    }

    @Override
    public boolean usesNeighbourGradients() {
        return false;
    }
}
