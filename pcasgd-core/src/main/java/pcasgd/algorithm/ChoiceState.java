package pcasgd.algorithm;

import java.util.Arrays;

/** The practical variant's typed state: this step's votes and choices per segment, and the epoch's counters. */
final class ChoiceState {
    final boolean[] votes;
    final boolean[] choosePredict;
    final long[] predicted;
    final long[] decided;

    ChoiceState(int segments) {
        int s = Math.max(1, segments);
        votes = new boolean[s];
        choosePredict = new boolean[s];
        predicted = new long[s];
        decided = new long[s];
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

    /** Counts this step's decisions of the voting segments. */
    void record(int segments) {
        for (int k = 0; k < segments; k++) {
            if (votes[k]) {
                decided[k]++;
                if (choosePredict[k]) {
                    predicted[k]++;
                }
            }
        }
    }

    long[][] drain() {
        long[][] out = {predicted.clone(), decided.clone()};
        Arrays.fill(predicted, 0);
        Arrays.fill(decided, 0);
        return out;
    }
}
