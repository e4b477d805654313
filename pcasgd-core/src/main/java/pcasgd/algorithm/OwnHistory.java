package pcasgd.algorithm;

/** Agent i's own past parameters, x_i^{k−age}; the draft predictor measures drift against them. */
@FunctionalInterface
public interface OwnHistory {
    /** x_i^{k−age}; implementations return the oldest kept copy when asked beyond their horizon. */
    float[] paramsAgo(int age);
}
