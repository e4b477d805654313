package pcasgd.agent;

/** A loss became NaN or infinite: the run stops, naming where. */
public final class TrainingDivergedException extends RuntimeException {
    private final long step;
    private final int agent;

    public TrainingDivergedException(long step, int agent, double loss) {
        super("training diverged: loss " + loss + " at step " + step + " on agent " + agent
                + " (lower the learning rate or check the data)");
        this.step = step;
        this.agent = agent;
    }

    public long step() {
        return step;
    }

    public int agent() {
        return agent;
    }
}
