package pcasgd.algorithm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The predicting step's typed state for one agent: this step's late copies, the running mean square
 * MS of the received late gradients (adaptive λ), one {@link NeighbourTrack} per neighbour, reused
 * buffers (the predictions, the self-weight bound's factors), and the step's and the epoch's sums
 * behind {@link Predict}'s counters.
 */
public final class PredictionState {
    private final int dimension;
    // this step's late copies, in neighbour order
    NeighbourCopy[] late = new NeighbourCopy[0];
    float[] lateWeight = new float[0];
    int lateCount;
    // whether the self-weight bound can bind this step (else its factors are all 1 and are not formed)
    boolean bounded;
    // adaptive λ: MS_t of the weighted mean of ĝ_j⊙ĝ_j over late copies, and t for the bias correction
    private float[] meanSquare;
    private long meanSquareSteps;
    private final Map<Integer, NeighbourTrack> tracks = new HashMap<>();
    private float[] predicted;
    private float[] correction;
    private float[] scratch;
    private float[] bound;
    // metric sums of the current step (per late copy) and of the epoch
    double[] errorSq = new double[0];
    double[] staleSq = new double[0];
    // per neighbour, Σ over the epoch's steps of (x̂^pred − x_j^k) and (x̂ − x_j^k): the systematic lag
    private final Map<Integer, float[][]> lagSums = new HashMap<>();
    float[][][] lateLag = new float[0][][];
    double correctionSq;
    double gradientStepSq;

    PredictionState(int dimension) {
        this.dimension = dimension;
    }

    /** Collects this step's copies to bring forward ({@link NeighbourCopy#predicted}) and clears the per-step sums. */
    void collectLate(List<NeighbourCopy> neighbours) {
        if (late.length < neighbours.size()) {
            late = new NeighbourCopy[neighbours.size()];
            lateLag = new float[neighbours.size()][][];
            lateWeight = new float[neighbours.size()];
            errorSq = new double[neighbours.size()];
            staleSq = new double[neighbours.size()];
        }
        int m = 0;
        for (NeighbourCopy n : neighbours) {
            if (n.predicted()) {
                late[m] = n;
                lateWeight[m] = (float) n.weight();
                errorSq[m] = 0;
                staleSq[m] = 0;
                m++;
            }
        }
        lateCount = m;
        bounded = false;
        correctionSq = 0;
        gradientStepSq = 0;
    }

    public int lateCount() {
        return lateCount;
    }

    /** The m-th late copy of this step. */
    public NeighbourCopy late(int m) {
        return late[m];
    }

    /** {Σ(x̂^pred − x_j^k), Σ(x̂ − x_j^k)} of the m-th late copy's neighbour over this epoch (simulator only). */
    float[][] lagSums(int m) {
        return lagSums.computeIfAbsent(late[m].id(), k -> new float[][] {new float[dimension], new float[dimension]});
    }

    /** The track of neighbour {@code id}, created empty on first use. */
    public NeighbourTrack track(int id) {
        return tracks.computeIfAbsent(id, k -> new NeighbourTrack());
    }

    /** Forgets what was seen of neighbour {@code id} (it restarted): its track starts over. */
    void forget(int id) {
        NeighbourTrack t = tracks.get(id);
        if (t != null) {
            t.reset();
        }
    }

    /**
     * Once per step with late copies: MS ← m·MS + (1 − m)·Σ_j (w_j / Σw) ĝ_j⊙ĝ_j, t ← t + 1.
     * The received gradients are what λ scales, so they are what λ is normalised by.
     */
    void updateMeanSquare(double decay) {
        if (lateCount == 0) {
            return;
        }
        float[] ms = meanSquare();
        float total = 0;
        for (int m = 0; m < lateCount; m++) {
            total += lateWeight[m];
        }
        float keep = (float) decay;
        float add = (float) (1 - decay);
        for (int m = 0; m < lateCount; m++) {
            float share = add * lateWeight[m] / total;
            float[] g = late[m].grad();
            if (m == 0) {
                for (int d = 0; d < dimension; d++) {
                    ms[d] = keep * ms[d] + share * g[d] * g[d];
                }
            } else {
                for (int d = 0; d < dimension; d++) {
                    ms[d] += share * g[d] * g[d];
                }
            }
        }
        meanSquareSteps++;
    }

    /** MS_t (not yet bias-corrected). */
    float[] meanSquare() {
        if (meanSquare == null) {
            meanSquare = new float[dimension];
        }
        return meanSquare;
    }

    /** 1 / (1 − m^t): the bias correction of MS_t after t updates. */
    float biasCorrection(double decay) {
        return meanSquareSteps == 0 ? 1f : (float) (1 / (1 - Math.pow(decay, meanSquareSteps)));
    }

    /** A reused full-size buffer a predictor may use for its per-block prediction. */
    float[] predicted() {
        if (predicted == null) {
            predicted = new float[dimension];
        }
        return predicted;
    }

    float[] correction() {
        if (correction == null) {
            correction = new float[dimension];
        }
        return correction;
    }

    /** A reused full-size buffer for the self-weight bound's factors. */
    float[] bound() {
        if (bound == null) {
            bound = new float[dimension];
        }
        return bound;
    }

    /** A reused full-size buffer for whole-vector bookkeeping (e.g. a track's displacement). */
    public float[] scratch() {
        if (scratch == null) {
            scratch = new float[dimension];
        }
        return scratch;
    }

    /** Adds the systematic lag of each neighbour link over the epoch to {@link Predict#LAG_REMOVED}; then its sums start over. */
    void drainLag(Tallies t) {
        for (float[][] sums : lagSums.values()) {
            double e = 0;
            double st = 0;
            for (int d = 0; d < dimension; d++) {
                e += (double) sums[0][d] * sums[0][d];
                st += (double) sums[1][d] * sums[1][d];
            }
            if (st > 0) {
                t.add(Predict.LAG_REMOVED, 1 - Math.sqrt(e / st));
            }
            java.util.Arrays.fill(sums[0], 0f);
            java.util.Arrays.fill(sums[1], 0f);
        }
    }
}
