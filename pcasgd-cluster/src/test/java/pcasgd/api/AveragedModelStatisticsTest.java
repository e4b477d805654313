package pcasgd.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.data.Dataset;
import pcasgd.engine.DjlOracle;
import pcasgd.engine.EngineSetup;
import pcasgd.engine.ParameterLayout;
import pcasgd.engine.StatisticsRecalibration;

/**
 * The averaged model x̄ a run tests and returns carries running statistics recomputed at its own
 * weights, in the simulator and in the actor runtime's coordinator alike. Recomputing is idempotent
 * (the statistics depend only on the weights and the batches), so x̄ passes through it unchanged;
 * the linear average of the agents' statistics does not.
 */
class AveragedModelStatisticsTest {
    @BeforeAll
    static void engine() {
        EngineSetup.configure(1);
    }

    private static DjlOracle oracle() {
        return DjlOracle.builder().block("bn net", () -> new SequentialBlock()
                .add(Linear.builder().setUnits(6).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(2).build())).inputShape(4).numClasses(2).build();
    }

    private static Dataset data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 4; j++) {
                f[i * 4 + j] = (float) (r.nextGaussian() + (labels[i] == 0 ? -1 : 1) + j);
            }
        }
        return Dataset.classification("two blobs", new int[] {4}, f, labels, 2);
    }

    private static PcAsgd plan(DjlOracle o, Execution execution, int recalibrationBatches) {
        return PcAsgd.builder().oracle(o).data(data(600, 1), data(64, 2)).topology(Topology.ring(4))
                .algorithm(AlgorithmConfig.builder().method(Method.SYNC_DSGD).learningRate(0.1).build())
                .batchSize(16).epochs(2).seed(3).recalibrationBatches(recalibrationBatches).execution(execution).build();
    }

    private static float[] statistics(ParameterLayout l, float[] x) {
        float[] out = new float[0];
        for (ParameterLayout.Segment s : l.segments()) {
            if (!s.trainable()) {
                float[] part = Arrays.copyOfRange(x, s.offset(), s.offset() + s.size());
                float[] joined = Arrays.copyOf(out, out.length + part.length);
                System.arraycopy(part, 0, joined, out.length, part.length);
                out = joined;
            }
        }
        return out;
    }

    private static void check(Execution execution) {
        try (DjlOracle o = oracle()) {
            PcAsgd plan = plan(o, execution, StatisticsRecalibration.DEFAULT_BATCHES);
            StatisticsRecalibration r = plan.spec().recalibration();
            assertEquals(StatisticsRecalibration.DEFAULT_BATCHES, r.batches());
            float[] xbar;
            try (TrainingResult result = plan.run()) {
                xbar = result.averagedParameters();
            }
            assertArrayEquals(xbar, r.apply(o, xbar), "x̄'s statistics are those of its own weights");

            float[] linear;
            try (TrainingResult result = plan(o, execution, 0).run()) {
                linear = result.averagedParameters();
            }
            assertFalse(Arrays.equals(statistics(o.layout(), linear), statistics(o.layout(), r.apply(o, linear))),
                    "without recalibration x̄ keeps the agents' averaged statistics, which fit no one's weights");
        }
    }

    @Test
    void theSimulatorRecomputesTheStatisticsOfTheAveragedModel() {
        check(Execution.simulator());
    }

    @Test
    @Timeout(300)
    void theActorRuntimesCoordinatorRecomputesThemToo() {
        check(Execution.local());
    }
}
