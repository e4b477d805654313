package pcasgd.runtime.cluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import pcasgd.algorithm.Method;
import pcasgd.runtime.SimulationSpec;

/**
 * The least-squares flavour of issue 5's straggler benchmark (the CNN flavour is {@code pcasgd
 * bench-cluster --parts straggler}): 8 agents on a ring, agent 0 four times slower, a 10 ms pad per
 * step standing in for compute. The averaged model is evaluated every 100 ms of wall time
 * ({@link WallClockProbe}), not at epoch ends (an epoch closes only when the straggler has finished
 * it, which would hide what the fast agents of PC-ASGD have learnt), and the run stops once the test
 * loss reaches the target. Writes CSV to args[0] (default target/straggler-benchmark.csv).
 * Run: java -cp <test classpath> pcasgd.runtime.cluster.StragglerBenchmark
 */
public final class StragglerBenchmark {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/straggler-benchmark.csv");
        double target = 0.07;
        try (PrintStream csv = new PrintStream(Files.newOutputStream(out))) {
            csv.println("method,elapsed_seconds,min_step,max_step,test_loss");
            for (Method m : List.of(Method.PC_ASGD, Method.SYNC_DSGD)) {
                SimulationSpec spec = LeastSquaresProblem.spec(m, 8, 40, 25);
                ClusterSettings s = ClusterSettings.builder("bench-" + m.id()).computePadMillis(10)
                        .slowFactors(4, 1, 1, 1, 1, 1, 1, 1).build();
                double[] reached = {Double.NaN};
                WallClockProbe probe = new WallClockProbe(100, p -> {
                    csv.printf(Locale.ROOT, "%s,%.3f,%d,%d,%.5f%n", m.id(), p.elapsedSeconds(), p.minStep(), p.maxStep(), p.testLoss());
                    if (p.testLoss() <= target) {
                        reached[0] = p.elapsedSeconds();
                    }
                    return p.testLoss() <= target || p.elapsedSeconds() > 60;
                });
                ClusterRuntime.runLocal(spec, s, List.of(), java.time.Duration.ofMinutes(3), probe);
                System.out.printf(Locale.ROOT, "%s: test loss <= %.3f after %.2f s%n", m.id(), target, reached[0]);
            }
        }
    }
}
