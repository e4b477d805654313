package pcasgd.algorithm;

/** Loss of a candidate parameter vector on the agent's current minibatch (for the loss condition). */
@FunctionalInterface
public interface CandidateEvaluator {
    double loss(float[] candidate);
}
