package pcasgd.algorithm;

/** Decides, per segment of the flat vector, whether the predicting candidate wins over clipping. */
public interface ChoiceCondition {
    /**
     * @param bounds        segment k is {@code [bounds[k], bounds[k+1])}
     * @param choosePredict output: true where the predicting candidate is kept
     */
    void choose(StepContext c, float[] predicted, float[] clipped, int[] bounds, boolean[] choosePredict);

    /** Parses "cosine" or "loss". */
    static ChoiceCondition named(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "cosine" -> new CosineCondition();
            case "loss" -> new LossCondition();
            default -> throw new IllegalArgumentException("unknown choice condition '" + name + "'; valid: cosine, loss");
        };
    }
}
