package pcasgd.examples;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.Random;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.api.Execution;
import pcasgd.api.ModelSpec;
import pcasgd.api.PcAsgd;
import pcasgd.api.Topology;
import pcasgd.api.TrainingResult;
import pcasgd.data.Dataset;
import pcasgd.data.Datasets;
import pcasgd.delay.DelaySpec;

/**
 * Your own two-layer DJL network on in-memory data, trained with PC-ASGD by 4 agents on a ring
 * where half the links deliver parameters 2 steps late. Needs pcasgd-core; with the argument
 * {@code local} it runs one actor per agent on real threads, which needs pcasgd-cluster too.
 */
public final class QuickStart {
    private QuickStart() { }

    /** Three Gaussian clouds in 8-D, 3 classes. */
    static Dataset blobs(String name, int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int d = 0; d < 8; d++) {
                x[i][d] = (float) r.nextGaussian() + (d == y[i] ? 3 : 0);
            }
        }
        return Datasets.fromArrays(name, x, y, new int[] {8}, 3);
    }

    /** Trains on {@code where} and returns the metrics and x̄ (close the result when done). */
    static TrainingResult train(Execution where) {
        return PcAsgd.builder()
                .model(ModelSpec.block("two-layer", () -> new SequentialBlock()
                        .add(Linear.builder().setUnits(32).build()).add(Activation::relu)
                        .add(Linear.builder().setUnits(3).build()), new int[] {8}, 3))
                .data(blobs("train", 1200, 1), blobs("test", 300, 2))
                .topology(Topology.ring(4))
                .delay(DelaySpec.fixed(2, 0.5, 1))
                .algorithm(AlgorithmConfig.builder().method(Method.PC_ASGD).learningRate(0.05).theta(0.5).build())
                .epochs(4).batchSize(16)
                .execution(where)
                .run();
    }

    /** @param args nothing for the simulator, {@code local} for actors on threads */
    public static void main(String[] args) {
        Execution where = args.length > 0 && args[0].equals("local") ? Execution.local() : Execution.simulator();
        try (TrainingResult r = train(where)) {
            System.out.printf("%s: test accuracy of the averaged model x̄ %.3f%n", where, r.lastEpoch().testAccuracy());
        }
    }
}
