package pcasgd.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import pcasgd.algorithm.CandidateEvaluator;
import pcasgd.data.Batch;
import pcasgd.data.Dataset;
import pcasgd.engine.LeastSquaresOracle;

/** The loss condition's evaluator: whole minibatch, or its first m examples. */
class CandidateLossesTest {
    // y = x_1 on 1-D inputs a = 1, 2, 3, 4: at x = 0 each example's loss is y²/2
    static final Dataset DATA = Dataset.regression("line", 1, new float[] {1, 2, 3, 4}, new float[] {1, 2, 3, 4});
    static final LeastSquaresOracle ORACLE = new LeastSquaresOracle(1, 0.0);

    @Test
    void wholeBatchByDefaultAndHeadWhenAsked() {
        Batch batch = DATA.batch(new int[] {3, 0, 1, 2});
        float[] zero = {0f};
        CandidateEvaluator all = new CandidateLosses(ORACLE, 0).on(batch);
        // mean of (16 + 1 + 4 + 9) / 2 over 4 examples
        assertEquals(30.0 / 8, all.loss(zero), 1e-6);
        CandidateEvaluator two = new CandidateLosses(ORACLE, 2).on(batch);
        // the first two examples of the (shuffled) batch: (16 + 1) / 2 / 2
        assertEquals(17.0 / 4, two.loss(zero), 1e-6);
        CandidateEvaluator more = new CandidateLosses(ORACLE, 10).on(batch);
        assertEquals(30.0 / 8, more.loss(zero), 1e-6, "asking for more than the batch uses the whole batch");
    }

    @Test
    void followsTheBatchWhenItIsRefilled() {
        CandidateLosses losses = new CandidateLosses(ORACLE, 1);
        Batch batch = DATA.batch(new int[] {0, 1});
        assertEquals(0.5, losses.on(batch).loss(new float[] {0f}), 1e-6);
        batch.fill(DATA, new int[] {3, 2}, 2);
        assertEquals(8.0, losses.on(batch).loss(new float[] {0f}), 1e-6);
    }

    @Test
    void rejectsNegativeCountAndMismatchedBatches() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CandidateLosses(ORACLE, -1))
                .getMessage().contains(">= 0"));
        Batch small = Batch.allocateLike(DATA.batch(new int[] {0}), 1);
        assertThrows(IllegalArgumentException.class, () -> small.fillHead(DATA.batch(new int[] {0, 1}), 2));
    }
}
