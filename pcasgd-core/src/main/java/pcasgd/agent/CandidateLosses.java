package pcasgd.agent;

import pcasgd.algorithm.CandidateEvaluator;
import pcasgd.data.Batch;
import pcasgd.engine.GradientOracle;

/**
 * One agent's candidate evaluator for the practical variant's loss condition: the loss of a
 * candidate on the agent's current minibatch, or on its first {@code examples} examples (a random
 * subsample, since batches are shuffled) so the two extra forward passes cost less.
 */
public final class CandidateLosses {
    private final GradientOracle oracle;
    private final int examples;
    private Batch head;

    /** @param examples how many examples of the minibatch to use; 0 = all of them */
    public CandidateLosses(GradientOracle oracle, int examples) {
        if (examples < 0) {
            throw new IllegalArgumentException("candidate examples must be >= 0 (0 = whole minibatch), got " + examples);
        }
        this.oracle = oracle;
        this.examples = examples;
    }

    /** An evaluator over this step's minibatch; valid until the batch is refilled. */
    public CandidateEvaluator on(Batch batch) {
        Batch used = batch;
        if (examples > 0 && examples < batch.size()) {
            if (head == null) {
                head = Batch.allocateLike(batch, examples);
            }
            head.fillHead(batch, examples);
            used = head;
        }
        Batch b = used;
        return candidate -> oracle.loss(candidate, b);
    }
}
