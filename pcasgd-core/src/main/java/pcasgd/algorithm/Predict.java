package pcasgd.algorithm;

/**
 * Predicting step: keep the late copies, each brought forward by the {@link Predictor}:
 *
 * <pre>
 *   x̄_i   = w_ii x_i^k + Σ_{j∈U_i} w_ij x_j^k + Σ_{j∈D_i} w_ij x̂_j + v_i      (stale mix)
 *   x_i^P = x̄_i + Σ_{j∈D_i} w_ij (x̂_j^pred − x̂_j)
 * </pre>
 *
 * Per block: the stale mix, the {@link SelfWeightBound} factors where the bound is on and can bind this
 * step, each late copy's prediction into a reused buffer, the weighted sum of the predictions' changes,
 * then x^P. Layers that do not train (running statistics) are not predicted: their late copies enter
 * x^P as they are, and they stay out of the metrics; each element sees the same float operations in the
 * same order in the fused and the reference kernel. Where the runtime knows the neighbours' present (the
 * simulator), it also measures ‖x̂_j^pred − x_j^k‖ against ‖x̂_j − x_j^k‖.
 *
 * <p>Its counters, over steps with late copies (public for them only):
 * <ul>
 *   <li>{@link #CORRECTION_NORM} Σ‖x^P − x̄‖ and {@link #GRADIENT_STEP_NORM} Σ‖α g‖: the size of the
 *       prediction's change to the stale mix relative to the gradient step;</li>
 *   <li>{@link #STALENESS_REMOVED}: the mean over late copies whose true present was known (simulator
 *       only) of 1 − ‖x̂_j^pred − x_j^k‖ / ‖x̂_j − x_j^k‖, the share of each copy's staleness removed;</li>
 *   <li>{@link #LAG_REMOVED}: the mean over neighbours of 1 − ‖Σ_k (x̂_j^pred − x_j^k)‖ / ‖Σ_k (x̂_j − x_j^k)‖,
 *       the sums over the epoch's steps: the share of the systematic lag removed (noise averages out of
 *       such sums, a stale copy's steady lag behind its neighbour does not);</li>
 *   <li>{@link #TRUST}: the mean trust factor β a forward predictor applied to late copies.</li>
 * </ul>
 */
public final class Predict implements StalenessPolicy {
    public static final Counter CORRECTION_NORM = Counter.sum("correction_norm");
    public static final Counter GRADIENT_STEP_NORM = Counter.sum("gradient_step_norm");
    public static final Counter STALENESS_REMOVED = Counter.mean("staleness_removed");
    public static final Counter LAG_REMOVED = Counter.mean("lag_removed");
    public static final Counter TRUST = Counter.mean("trust");

    private final Predictor predictor;
    private final boolean selfWeightBound;

    Predict(Predictor predictor, boolean selfWeightBound) {
        this.predictor = predictor;
        this.selfWeightBound = selfWeightBound;
    }

    Predictor predictor() {
        return predictor;
    }

    @Override
    public void prepare(StepContext c, AgentState s) {
        PredictionState p = s.prediction();
        p.collectLate(c.neighbours());
        if (p.lateCount > 0) {
            predictor.prepare(c, p);
            p.bounded = selfWeightBound && SelfWeightBound.canBind(c, p, predictor);
            if (c.truth() != null) {
                for (int m = 0; m < p.lateCount; m++) {
                    p.lateLag[m] = p.lagSums(m);
                }
            }
        }
    }

    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, int lo, int hi, float[] out) {
        Mixing.mixHeld(c, velocity, lo, hi, out);
        PredictionState p = s.prediction();
        int late = p.lateCount;
        if (late == 0) {
            return;
        }
        float[] pred = p.predicted();
        float[] bound = null;
        if (p.bounded) {
            bound = p.bound();
            SelfWeightBound.factors(c, p, predictor, lo, hi, pred, bound);
        }
        float[] g = c.grad();
        float learningRate = s.learningRate;
        double cs = 0;
        double gs = 0;
        if (late == 1) {
            // one late copy (the common case): its correction stays in a register, no correction buffer
            NeighbourCopy n = p.late[0];
            predictor.predict(c, p, 0, out, bound, lo, hi, pred);
            float w = p.lateWeight[0];
            float[] xh = n.params();
            Frozen.copy(c, xh, pred, lo, hi);
            if (c.truth() != null) {
                measure(c, p, 0, xh, pred, c.truth().current(n.id()), lo, hi);
            }
            for (int d = lo; d < hi; d++) {
                float corr = w * (pred[d] - xh[d]);
                out[d] += corr;
                cs += (double) corr * corr;
                float step = learningRate * g[d];
                gs += (double) step * step;
            }
        } else {
            float[] corr = p.correction();
            for (int m = 0; m < late; m++) {
                NeighbourCopy n = p.late[m];
                predictor.predict(c, p, m, out, bound, lo, hi, pred);
                float w = p.lateWeight[m];
                float[] xh = n.params();
                Frozen.copy(c, xh, pred, lo, hi);
                if (m == 0) {
                    for (int d = lo; d < hi; d++) {
                        corr[d] = w * (pred[d] - xh[d]);
                    }
                } else {
                    for (int d = lo; d < hi; d++) {
                        corr[d] += w * (pred[d] - xh[d]);
                    }
                }
                if (c.truth() != null) {
                    measure(c, p, m, xh, pred, c.truth().current(n.id()), lo, hi);
                }
            }
            for (int d = lo; d < hi; d++) {
                out[d] += corr[d];
            }
            for (int d = lo; d < hi; d++) {
                cs += (double) corr[d] * corr[d];
                float step = learningRate * g[d];
                gs += (double) step * step;
            }
        }
        p.correctionSq += cs;
        p.gradientStepSq += gs;
    }

    /** {@link #measure(PredictionState, int, float[], float[], float[], int, int)} over the trainable layers of the block. */
    private static void measure(StepContext c, PredictionState p, int m, float[] stale, float[] pred, float[] truth,
                                int lo, int hi) {
        Frozen.forTrainable(c, lo, hi, (a, b) -> measure(p, m, stale, pred, truth, a, b));
    }

    /**
     * ‖x̂^pred − x_j^k‖² and ‖x̂ − x_j^k‖² over the block, and the errors added to the epoch's sums
     * (whose norms say how much of the systematic lag, rather than of each copy's error, was removed).
     */
    private static void measure(PredictionState p, int m, float[] stale, float[] pred, float[] truth, int lo, int hi) {
        float[][] lag = p.lateLag[m];
        float[] errSum = lag[0];
        float[] staleSum = lag[1];
        double e = 0;
        double s = 0;
        for (int d = lo; d < hi; d++) {
            float a = pred[d] - truth[d];
            float b = stale[d] - truth[d];
            e += (double) a * a;
            s += (double) b * b;
            errSum[d] += a;
            staleSum[d] += b;
        }
        p.errorSq[m] += e;
        p.staleSq[m] += s;
    }

    @Override
    public void finish(StepContext c, AgentState s, float[] out) {
        PredictionState p = s.prediction();
        if (p.lateCount == 0) {
            return;
        }
        Tallies t = s.tallies();
        t.add(CORRECTION_NORM, Math.sqrt(p.correctionSq));
        t.add(GRADIENT_STEP_NORM, Math.sqrt(p.gradientStepSq));
        for (int m = 0; m < p.lateCount; m++) {
            if (p.staleSq[m] > 0) {
                t.add(STALENESS_REMOVED, 1 - Math.sqrt(p.errorSq[m] / p.staleSq[m]));
            }
            double beta = predictor.trust(p, m);
            if (!Double.isNaN(beta)) {
                t.add(TRUST, beta);
            }
        }
    }

    @Override
    public boolean usesNeighbourGradients() {
        return predictor.usesNeighbourGradients();
    }
}
