package pcasgd.algorithm;

/** The practical variant's typed state: this step's votes and choices per segment. */
final class ChoiceState {
    final boolean[] votes;
    final boolean[] choosePredict;

    ChoiceState(int segments) {
        int s = Math.max(1, segments);
        votes = new boolean[s];
        choosePredict = new boolean[s];
    }

    /** A segment votes iff it trains and its gradient is not identically zero. */
    void findVoters(StepContext c) {
        float[] g = c.grad();
        int[] bounds = c.segmentBounds();
        for (int k = 0; k + 1 < bounds.length; k++) {
            if (!c.trains(k)) {
                votes[k] = false;
                continue;
            }
            boolean any = false;
            for (int d = bounds[k]; d < bounds[k + 1] && !any; d++) {
                any = g[d] != 0f;
            }
            votes[k] = any;
        }
    }
}
