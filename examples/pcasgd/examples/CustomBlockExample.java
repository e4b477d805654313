package pcasgd.examples;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
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
 * Example (a): your own two-layer DJL network on in-memory data, trained with PC-ASGD by 4 agents
 * on a ring where half the links deliver parameters 2 steps late — in the deterministic simulator
 * and on real threads (one actor per agent). Run with an output folder to save both models.
 */
public final class CustomBlockExample {
    static final int FEATURES = 8;
    static final int CLASSES = 3;

    private CustomBlockExample() { }

    /** 8 inputs → 32 ReLU units → 3 logits; a new block on every call. */
    static Block twoLayer() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(32).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    /** Three Gaussian clouds in 8-D, centred at 3·e_0, 3·e_1, 3·e_2, unit noise: almost separable. */
    static Dataset blobs(String name, int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][FEATURES];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % CLASSES;
            for (int d = 0; d < FEATURES; d++) {
                x[i][d] = (float) r.nextGaussian() + (d == y[i] ? 3f : 0f);
            }
        }
        return Datasets.fromArrays(name, x, y, new int[] {FEATURES}, CLASSES);
    }

    /** Trains the network on {@code where} and returns the result (close it when done). */
    public static TrainingResult train(Execution where) {
        return PcAsgd.builder()
                .model(ModelSpec.block("two-layer", CustomBlockExample::twoLayer, new int[] {FEATURES}, CLASSES))
                .data(blobs("train", 1200, 1), blobs("test", 300, 2))
                .topology(Topology.ring(4))
                .delay(DelaySpec.fixed(2, 0.5, 1))
                .algorithm(AlgorithmConfig.builder().method(Method.PC_ASGD).learningRate(0.05).theta(0.5).build())
                .epochs(4).batchSize(16)
                .execution(where)
                .run();
    }

    /**
     * Trains in the simulator and on real threads, saving each model to {@code out} (if not null) as
     * DJL's {@code two-layer-simulator-0000.params} and {@code two-layer-local-0000.params}.
     *
     * @return the final test accuracy of the averaged model, per runtime
     */
    public static Map<Execution.Kind, Double> run(Path out) throws IOException {
        Map<Execution.Kind, Double> accuracy = new EnumMap<>(Execution.Kind.class);
        for (Execution where : new Execution[] {Execution.simulator(), Execution.local()}) {
            try (TrainingResult r = train(where)) {
                accuracy.put(where.kind(), r.lastEpoch().testAccuracy());
                if (out != null) {
                    r.model().save(out, "two-layer-" + where.kind().name().toLowerCase(Locale.ROOT));
                }
            }
        }
        return accuracy;
    }

    /** @param args optional: a folder to save the two trained models in */
    public static void main(String[] args) throws IOException {
        run(args.length > 0 ? Path.of(args[0]) : null).forEach((kind, acc) ->
                System.out.printf("%s: test accuracy of the averaged model %.3f%n", kind, acc));
    }
}
