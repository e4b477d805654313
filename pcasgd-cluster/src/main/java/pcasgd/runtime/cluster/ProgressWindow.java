package pcasgd.runtime.cluster;

/**
 * One agent's traffic and steps since its last {@link AgentProgress}: per neighbour slot the copies
 * that arrived and their ages, and the bytes the neighbour acknowledged. A report closes the window and
 * opens the next. A window shorter than {@link #MIN_WINDOW_NANOS} (the last report, sent right after a
 * periodic one) is reported together with the window before it, so a rate is never taken over a few
 * milliseconds. Pure bookkeeping on the times it is given; one owner (the agent's actor).
 */
final class ProgressWindow {
    static final long MIN_WINDOW_NANOS = 500_000_000L;

    private final int[] neighbours;
    private long start;
    private long startStep;
    private long[] copies;
    private long[] ageSum;
    private long[] bytes;
    /** The window before the current one, kept for a short tail; null until one closed. */
    private long[][] previous;
    private long previousStart;
    private long previousStartStep;

    /** @param neighbours the neighbour ids by slot */
    ProgressWindow(int[] neighbours, long now, long step) {
        this.neighbours = neighbours.clone();
        open(now, step);
    }

    private void open(long now, long step) {
        start = now;
        startStep = step;
        copies = new long[neighbours.length];
        ageSum = new long[neighbours.length];
        bytes = new long[neighbours.length];
    }

    /** A copy from the neighbour in {@code slot} arrived, {@code age} steps old. */
    void arrived(int slot, long age) {
        copies[slot]++;
        ageSum[slot] += age;
    }

    /** The neighbour in {@code slot} acknowledged {@code n} bytes of this agent's copies. */
    void delivered(int slot, long n) {
        bytes[slot] += n;
    }

    /** The window up to {@code now} (with the one before when it is short), at step {@code step}; the next opens. */
    AgentProgress report(String runId, int agent, long step, String state, long now) {
        long from = start;
        long fromStep = startStep;
        long[] c = copies.clone();
        long[] a = ageSum.clone();
        long[] b = bytes.clone();
        if (now - start < MIN_WINDOW_NANOS && previous != null) {
            from = previousStart;
            fromStep = previousStartStep;
            for (int k = 0; k < neighbours.length; k++) {
                c[k] += previous[0][k];
                a[k] += previous[1][k];
                b[k] += previous[2][k];
            }
        }
        previous = new long[][] {copies, ageSum, bytes};
        previousStart = start;
        previousStartStep = startStep;
        open(now, step);
        return new AgentProgress(runId, agent, step, state, (now - from) / 1e9, step - fromStep, neighbours.clone(), c, a, b);
    }
}
