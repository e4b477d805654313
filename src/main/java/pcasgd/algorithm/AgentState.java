package pcasgd.algorithm;

import java.util.Arrays;

/**
 * The explicit per-agent state an update rule carries between steps (Optax-style): the heavy-ball
 * velocity, the running mean square for adaptive λ, candidate buffers reused every step (so a step
 * allocates nothing parameter-sized after the first), and counters of the choices made.
 */
public final class AgentState {
    /** Elements per block of the fused, blocked update pass (see {@link StalenessPolicy}). */
    static final int BLOCK = 1024;

    private final int dimension;
    final float[] velocity;
    final boolean[] segmentChoice;
    private float[] meanSquare;
    private float[] candidateA;
    private float[] candidateB;
    private final long[] predictedPerSegment;
    private final long[] decidedPerSegment;
    private double correctionNormSum;
    private double gradientStepNormSum;
    // per-step scratch of the blocked pass: a full-size buffer and this step's late neighbours
    private float[] scratch;
    float[] lateWeight = new float[0];
    float[][] lateGrad = new float[0][];
    float[][] latePast = new float[0][];
    int lateCount;
    double correctionSq;
    double gradientStepSq;
    private int[] wholeBounds;

    public AgentState(int dimension, int segments) {
        this.dimension = dimension;
        int s = Math.max(1, segments);
        this.velocity = new float[dimension];
        this.segmentChoice = new boolean[s];
        this.predictedPerSegment = new long[s];
        this.decidedPerSegment = new long[s];
    }

    float[] scratch() {
        if (scratch == null) {
            scratch = new float[dimension];
        }
        return scratch;
    }

    void ensureLate(int neighbours) {
        if (lateWeight.length < neighbours) {
            lateWeight = new float[neighbours];
            lateGrad = new float[neighbours][];
            latePast = new float[neighbours][];
        }
    }

    /** {0, n}: the whole vector as one segment. */
    int[] wholeBounds(int n) {
        if (wholeBounds == null || wholeBounds[1] != n) {
            wholeBounds = new int[] {0, n};
        }
        return wholeBounds;
    }

    /** Heavy-ball velocity v_i; exposed for checkpoints and tests. */
    public float[] velocity() {
        return velocity;
    }

    /** DC-ASGD-a's running mean square MS_t of the gradient, allocated zero on first use. */
    float[] meanSquare() {
        if (meanSquare == null) {
            meanSquare = new float[dimension];
        }
        return meanSquare;
    }

    float[] candidateA() {
        if (candidateA == null) {
            candidateA = new float[dimension];
        }
        return candidateA;
    }

    float[] candidateB() {
        if (candidateB == null) {
            candidateB = new float[dimension];
        }
        return candidateB;
    }

    void recordChoices(int segments) {
        for (int s = 0; s < segments; s++) {
            decidedPerSegment[s]++;
            if (segmentChoice[s]) {
                predictedPerSegment[s]++;
            }
        }
    }

    void recordCorrection(double correctionNorm, double gradientStepNorm) {
        correctionNormSum += correctionNorm;
        gradientStepNormSum += gradientStepNorm;
    }

    /** Counters since the last drain, then zeroes them (the runtime drains once per epoch). */
    public ChoiceStats drainStats() {
        ChoiceStats stats = new ChoiceStats(predictedPerSegment.clone(), decidedPerSegment.clone(),
                gradientStepNormSum == 0 ? Double.NaN : correctionNormSum / gradientStepNormSum);
        Arrays.fill(predictedPerSegment, 0);
        Arrays.fill(decidedPerSegment, 0);
        correctionNormSum = 0;
        gradientStepNormSum = 0;
        return stats;
    }
}
