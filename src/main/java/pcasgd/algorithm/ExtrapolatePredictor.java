package pcasgd.algorithm;

/**
 * Damped linear extrapolation of the neighbour's own recent motion: the velocity u_j is j's
 * displacement per step over the last closed window of its copies (a window as long as the copies'
 * age, so the estimate averages as many steps as it forecasts), and the trust factor β_ij is fitted
 * online by how well the previous window's velocity forecast the next window (see
 * {@link NeighbourTrack}), or fixed:
 *
 * <pre>
 *   u_j       ← γ u_j + (1 − γ) (x_j^s − x_j^a) / (s − a)      (γ = 0: the last window alone)
 *   x̂_j^pred = x̂_j + β_ij τ_ij u_j
 * </pre>
 *
 * Only j's own copies feed the forecast, never agent i's trajectory: "j moved as far as I did" feeds
 * i's displacement back into i with a delay and diverged. With consensus SGD every agent drifts
 * with the network's mean motion, which a stale copy drags back by τ_ij steps; that shared drift
 * is what this predictor restores. No gradient is needed.
 */
final class ExtrapolatePredictor implements Predictor {
    private final DampingSpec damping;
    private final float memory;

    ExtrapolatePredictor(DampingSpec damping, double velocityMemory) {
        this.damping = damping;
        this.memory = (float) velocityMemory;
    }

    @Override
    public String name() {
        return "extrapolate";
    }

    @Override
    public void prepare(StepContext c, PredictionState s) {
        for (int m = 0; m < s.lateCount(); m++) {
            NeighbourCopy n = s.late(m);
            s.track(n.id()).observe(n, n.sentStep(c.step()), s.scratch(), damping.memory(), damping.auto(),
                    (copy, displacement, window, u, first) -> {
                        if (displacement == null) {
                            return false; // one copy tells nothing about motion
                        }
                        float inv = 1f / window;
                        if (first || memory == 0f) {
                            for (int d = 0; d < u.length; d++) {
                                u[d] = displacement[d] * inv;
                            }
                        } else {
                            float keep = memory;
                            float add = (1 - memory) * inv;
                            for (int d = 0; d < u.length; d++) {
                                u[d] = keep * u[d] + add * displacement[d];
                            }
                        }
                        return true;
                    });
        }
    }

    @Override
    public double trust(PredictionState s, int m) {
        NeighbourTrack t = s.track(s.late(m).id());
        if (t.velocity() == null) {
            return 0;
        }
        return damping.auto() ? t.beta() : damping.fixed();
    }

    @Override
    public void predict(StepContext c, PredictionState s, int m, float[] mix, int lo, int hi, float[] out) {
        NeighbourCopy n = s.late(m);
        float[] xh = n.params();
        float[] u = s.track(n.id()).velocity();
        if (u == null) {
            System.arraycopy(xh, lo, out, lo, hi - lo);
            return;
        }
        float step = (float) trust(s, m) * n.age();
        for (int d = lo; d < hi; d++) {
            out[d] = xh[d] + step * u[d];
        }
    }

    @Override
    public boolean usesNeighbourGradients() {
        return false;
    }
}
