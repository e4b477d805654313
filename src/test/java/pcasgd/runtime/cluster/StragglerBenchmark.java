package pcasgd.runtime.cluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import pcasgd.algorithm.Method;
import pcasgd.runtime.EpochMetrics;
import pcasgd.runtime.SimulationSpec;

/**
 * Issue 5's first benchmark on the {@code local} runtime: 8 agents on a ring, agent 0 four times
 * slower, a 10 ms pad per step standing in for compute; wall time until the averaged model's test
 * loss first reaches the target, PC-ASGD vs synchronous DSGD. Writes CSV to args[0] (default
 * target/straggler-benchmark.csv). Run: java -cp <test classpath> pcasgd.runtime.cluster.StragglerBenchmark
 */
public final class StragglerBenchmark {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/straggler-benchmark.csv");
        double target = 0.07;
        try (PrintStream csv = new PrintStream(Files.newOutputStream(out))) {
            csv.println("method,epoch,steps,test_loss,elapsed_seconds");
            for (Method m : List.of(Method.PC_ASGD, Method.SYNC_DSGD)) {
                SimulationSpec spec = LeastSquaresProblem.spec(m, 8, 6, 25);
                ClusterSettings s = ClusterSettings.defaults("bench-" + m.id()).withComputePadMillis(10)
                        .withSlowFactors(4, 1, 1, 1, 1, 1, 1, 1);
                List<EpochMetrics> r = ClusterRuntime.runLocal(spec, s, List.of(), Duration.ofMinutes(5));
                double reached = Double.NaN;
                for (EpochMetrics e : r) {
                    csv.printf(Locale.ROOT, "%s,%d,%d,%.5f,%.3f%n", m.id(), e.epoch(), e.steps(), e.testLoss(), e.simulatedTime());
                    if (Double.isNaN(reached) && e.testLoss() <= target) {
                        reached = e.simulatedTime();
                    }
                }
                System.out.printf(Locale.ROOT, "%s: test loss <= %.3f after %.2f s; final %.4f after %.2f s%n", m.id(), target,
                        reached, r.get(r.size() - 1).testLoss(), r.get(r.size() - 1).simulatedTime());
            }
        }
    }
}
