package pcasgd.examples;

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
 * Example (b): a PyTorch model exported as TorchScript ({@code tiny-mlp.pt}: flatten → Linear(784, 16)
 * → ReLU → Linear(16, 10), made by {@code scripts/make_torchscript_fixture.py}) trained with PC-ASGD
 * by 4 agents on a ring with delayed links, in the simulator and on real threads. The trained
 * module is written back as a plain {@code .pt} file that {@code torch.jit.load} reads.
 */
public final class TorchScriptExample {
    /** The committed fixture; pass another file as the first argument. */
    static final Path FIXTURE = Path.of("pcasgd-core/src/test/resources/pcasgd/fixtures/tiny-mlp.pt");
    static final int[] SHAPE = {1, 28, 28};
    static final int CLASSES = 10;

    private TorchScriptExample() { }

    /**
     * 28×28 "images" of 10 classes: each class lights up its own horizontal band of rows (2.8 rows
     * each, value +2), on unit Gaussian noise.
     */
    static Dataset bands(String name, int n, long seed) {
        Random r = new Random(seed);
        int pixels = SHAPE[1] * SHAPE[2];
        float[] x = new float[n * pixels];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % CLASSES;
            for (int p = 0; p < pixels; p++) {
                int row = p / SHAPE[2];
                boolean lit = row * CLASSES / SHAPE[1] == y[i];
                x[i * pixels + p] = (float) r.nextGaussian() + (lit ? 2f : 0f);
            }
        }
        return Datasets.fromArrays(name, x, y, SHAPE, CLASSES);
    }

    /** Trains the TorchScript module in {@code file} on {@code where} (close the result when done). */
    public static TrainingResult train(Path file, Execution where) {
        return PcAsgd.builder()
                .model(ModelSpec.torchScript(file, SHAPE, CLASSES))
                .data(bands("train", 800, 1), bands("test", 200, 2))
                .topology(Topology.ring(4))
                .delay(DelaySpec.fixed(2, 0.5, 1))
                .algorithm(AlgorithmConfig.builder().method(Method.PC_ASGD).learningRate(0.02).build())
                .epochs(3).batchSize(16)
                .execution(where)
                .run();
    }

    /**
     * Trains {@code file} in the simulator and on real threads, writing each trained module to
     * {@code out} (if not null) as {@code tiny-mlp-simulator.pt} and {@code tiny-mlp-local.pt}.
     *
     * @return the final test accuracy of the averaged model, per runtime
     */
    public static Map<Execution.Kind, Double> run(Path file, Path out) throws IOException {
        Map<Execution.Kind, Double> accuracy = new EnumMap<>(Execution.Kind.class);
        for (Execution where : new Execution[] {Execution.simulator(), Execution.local()}) {
            try (TrainingResult r = train(file, where)) {
                accuracy.put(where.kind(), r.lastEpoch().testAccuracy());
                if (out != null) {
                    r.saveTorchScript(out.resolve("tiny-mlp-" + where.kind().name().toLowerCase(Locale.ROOT) + ".pt"));
                }
            }
        }
        return accuracy;
    }

    /** @param args optional: the TorchScript file, then a folder to write the trained modules to */
    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0]) : FIXTURE;
        run(file, args.length > 1 ? Path.of(args[1]) : null).forEach((kind, acc) ->
                System.out.printf("%s: test accuracy of the averaged model %.3f%n", kind, acc));
    }
}
