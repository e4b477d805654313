package pcasgd.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.DampingSpec;
import pcasgd.algorithm.LambdaSpec;
import pcasgd.algorithm.Method;
import pcasgd.algorithm.NeighbourCopy;
import pcasgd.algorithm.PredictorSpec;
import pcasgd.data.BatchSampler;
import pcasgd.data.Dataset;
import pcasgd.engine.LeastSquaresOracle;

class AgentTest {
    private static final Dataset DATA = LeastSquaresOracle.generate(64, 2, 0.1, 3);

    /** Predict-only with the extrapolating predictor at β = 0.5, μ = 0, on two-coordinate least squares. */
    private static Agent agent() {
        AlgorithmConfig cfg = AlgorithmConfig.builder().method(Method.PREDICT_ONLY).learningRate(0.05).momentum(0)
                .weightDecay(0).predictor(new PredictorSpec("extrapolate", LambdaSpec.fixed(1), DampingSpec.fixed(0.5)))
                .build();
        int[] shard = IntStream.range(0, DATA.size()).toArray();
        return Agent.builder().id(0).rule(cfg.rule()).oracle(new LeastSquaresOracle(2, 0.01))
                .batches(new BatchSampler(DATA, shard, 8, 0, 1)::next, DATA, 8).initialParams(new float[2])
                .startStep(2).stepsPerEpoch(1000).build();
    }

    /** One step at the agent's k with the copy neighbour 1 sent at {@code sent} on the line [s, −2s] (w = 0.5). */
    private static void step(Agent a, long sent) {
        a.computeGradient();
        float[] copy = {sent, -2 * sent};
        a.update(new Inbox.Held(List.of(new NeighbourCopy(1, 0.5, copy, null, (int) (a.step() - sent))), 0.5), null);
    }

    @Test
    void aNeighbourForgottenByTheRuntimeIsForgottenByTheRuleBeforeTheNextStep() {
        // Two agents on the same batches see neighbour 1 move along [s, −2s], its copies two steps old, for
        // k = 2..6: from k = 6 they extrapolate with u = [1, −2] (windows of 2 steps). Then the runtime forgets
        // the neighbour at one of them. At k = 7 (copy sent at 5) the other still brings x̂ forward by
        // β·2·u = [1, −2], the one that forgot starts a new anchor and mixes x̂ as it is: their x differ by
        // w·[1, −2] = [0.5, −1], and by nothing else.
        Agent kept = agent();
        Agent forgot = agent();
        for (long k = 2; k <= 6; k++) {
            step(kept, k - 2);
            step(forgot, k - 2);
        }
        assertArrayEquals(kept.params(), forgot.params(), 0f);
        forgot.forgetNeighbour(1);
        step(kept, 5);
        step(forgot, 5);
        assertEquals(8, forgot.step());
        float[] a = kept.params();
        float[] b = forgot.params();
        assertArrayEquals(new float[] {0.5f, -1f}, new float[] {a[0] - b[0], a[1] - b[1]}, 1e-5f);
    }
}
