package pcasgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pcasgd.algorithm.Method;
import pcasgd.bench.ThroughputBench;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.cluster.ClusterSettings;
import pcasgd.runtime.cluster.StragglerRace;
import pcasgd.runtime.cluster.WallClockProbe;

/**
 * {@code pcasgd bench-cluster}: issue 5's benchmarks of the actor runtime, as CSV files in {@code --out-dir}.
 * <ul>
 *   <li>{@code straggler}: n agents on the {@code local} runtime, agent 0 {@code --slow-factor} times slower;
 *       each method's averaged model is tested every {@code --interval-ms} of wall time and the time it
 *       first reaches each {@code --targets} accuracy is reported (straggler-trace.csv, straggler.csv);</li>
 *   <li>{@code throughput}: two processes on loopback exchanging parameter messages through the real
 *       serializer and Artery, next to a plain socket measured the same way (throughput.csv).</li>
 * </ul>
 */
@Command(name = "bench-cluster", mixinStandardHelpOptions = true,
        description = "Actor-runtime benchmarks (issue 5): straggler race (PC-ASGD vs synchronous DSGD, wall time to a "
                + "target accuracy) and loopback parameter-exchange throughput (Artery vs plain TCP). Writes CSV.")
public final class ClusterBenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--parts", split = ",", description = "straggler, throughput (default: both)")
    List<String> parts = new ArrayList<>(List.of("straggler", "throughput"));

    @Option(names = "--out-dir", defaultValue = "bench/results/cluster", description = "folder for the CSV files (default ${DEFAULT-VALUE})")
    Path outDir;

    // straggler race
    @Option(names = "--methods", split = ",", description = "methods to race (default: pc-asgd,dsgd)")
    List<String> methods = new ArrayList<>(List.of("pc-asgd", "dsgd"));
    @Option(names = "--repeats", defaultValue = "3", description = "runs per method (default ${DEFAULT-VALUE})") int repeats;
    @Option(names = "--agents", defaultValue = "8") int agents;
    @Option(names = "--slow-factor", defaultValue = "4", description = "agent 0's compute-time factor (default ${DEFAULT-VALUE})")
    double slowFactor;
    @Option(names = "--pad-ms", defaultValue = "20",
            description = "ms added to every gradient, standing in for each agent's own hardware (default ${DEFAULT-VALUE})")
    long padMs;
    @Option(names = "--model", defaultValue = "lenet") String model;
    @Option(names = "--dataset", defaultValue = "embedded") String dataset;
    @Option(names = "--train-limit", defaultValue = "0") int trainLimit;
    @Option(names = "--test-limit", defaultValue = "500") int testLimit;
    @Option(names = "--batch-size", defaultValue = "16") int batchSize;
    @Option(names = "--lr", defaultValue = "0.05") double learningRate;
    @Option(names = "--targets", split = ",", description = "target test accuracies (default: 0.70,0.75,0.78)")
    List<Double> targets = new ArrayList<>(List.of(0.70, 0.75, 0.78));
    @Option(names = "--interval-ms", defaultValue = "250", description = "wall-clock evaluation interval (default ${DEFAULT-VALUE})")
    long intervalMs;
    @Option(names = "--max-seconds", defaultValue = "90", description = "give a run up after this long (default ${DEFAULT-VALUE})")
    double maxSeconds;
    @Option(names = "--seed", defaultValue = "1") long seed;

    // throughput
    @Option(names = "--sizes", split = ",", description = "floats per message (default: 10000,100000,1000000,10000000)")
    List<Integer> sizes = new ArrayList<>(List.of(10_000, 100_000, 1_000_000, 10_000_000));
    @Option(names = "--window", defaultValue = "4", description = "unacknowledged messages in flight (default ${DEFAULT-VALUE})")
    int window;
    @Option(names = "--budget-mb", defaultValue = "400", description = "payload MB per size (default ${DEFAULT-VALUE})")
    long budgetMb;
    @Option(names = "--small-floats", defaultValue = "16", description = "floats of the per-message-overhead case")
    int smallFloats;
    @Option(names = "--small-messages", defaultValue = "20000") int smallMessages;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(outDir);
        for (String p : parts) {
            switch (p) {
                case "straggler" -> straggler(out);
                case "throughput" -> throughput(out);
                default -> throw new IllegalArgumentException("unknown part '" + p + "' (straggler, throughput)");
            }
        }
        return 0;
    }

    private TrainConfig config(String method) {
        TrainConfig c = new TrainConfig();
        c.set("name", "bench-cluster-" + method);
        c.set("method", method);
        c.set("agents", agents);
        c.set("topology", "ring");
        c.set("delay", "none");
        c.set("dataset", dataset);
        c.set("trainLimit", trainLimit);
        c.set("testLimit", testLimit);
        c.set("model", model);
        c.set("batchSize", batchSize);
        c.set("learningRate", learningRate);
        c.set("epochs", 1000); // the probe ends the run
        c.set("workers", 1);
        c.set("intraOpThreads", 1);
        c.set("evalAgents", false);
        c.set("seed", seed);
        return c.validate();
    }

    private void straggler(PrintWriter out) throws IOException {
        double stop = targets.stream().mapToDouble(Double::doubleValue).max().orElse(0.75);
        double[] slow = new double[agents];
        Arrays.fill(slow, 1.0);
        slow[0] = slowFactor;
        out.printf(Locale.ROOT, "straggler race: %d agents (ring), agent 0 %.1fx slower, pad %d ms, %s on %s, batch %d, "
                + "evaluated every %d ms, stop at accuracy %.3f or %.0f s%n", agents, slowFactor, padMs, model, dataset,
                batchSize, intervalMs, stop, maxSeconds);
        out.flush();
        try (RunBuilder builder = new RunBuilder();
             PrintWriter trace = new PrintWriter(Files.newBufferedWriter(outDir.resolve("straggler-trace.csv")));
             PrintWriter summary = new PrintWriter(Files.newBufferedWriter(outDir.resolve("straggler.csv")))) {
            trace.println("method,run,elapsed_seconds,min_step,max_step,mean_step,test_loss,test_accuracy");
            summary.println("method,run,target_accuracy,seconds_to_target,mean_step_at_target,final_accuracy,final_seconds");
            for (int r = 0; r < repeats; r++) {
                for (String m : methods) { // interleaved, so load drifts hit both methods alike
                    Method method = Method.parse(m);
                    SimulationSpec sim = builder.simulation(config(m));
                    ClusterSettings s = ClusterSettings.defaults("race-" + m + "-" + r).withSlowFactors(slow)
                            .withComputePadMillis(padMs);
                    int run = r;
                    List<WallClockProbe.Point> points = StragglerRace.run(sim, s, intervalMs, stop, maxSeconds, p ->
                            trace.printf(Locale.ROOT, "%s,%d,%.3f,%d,%d,%.1f,%.5f,%.4f%n", method.id(), run,
                                    p.elapsedSeconds(), p.minStep(), p.maxStep(), p.meanStep(), p.testLoss(), p.testAccuracy()));
                    trace.flush();
                    WallClockProbe.Point last = points.get(points.size() - 1);
                    StringBuilder line = new StringBuilder();
                    for (double t : targets) {
                        double sec = StragglerRace.secondsTo(points, t);
                        double steps = points.stream().filter(p -> p.testAccuracy() >= t).findFirst()
                                .map(WallClockProbe.Point::meanStep).orElse(Double.NaN);
                        summary.printf(Locale.ROOT, "%s,%d,%.3f,%.3f,%.1f,%.4f,%.3f%n", method.id(), r, t, sec, steps,
                                last.testAccuracy(), last.elapsedSeconds());
                        line.append(String.format(Locale.ROOT, "  acc>=%.2f: %.2f s (mean step %.0f)", t, sec, steps));
                    }
                    summary.flush();
                    out.printf(Locale.ROOT, "%-8s run %d:%s; final %.3f at %.1f s%n", method.id(), r, line,
                            last.testAccuracy(), last.elapsedSeconds());
                    out.flush();
                }
            }
        }
    }

    private void throughput(PrintWriter out) throws Exception {
        out.printf(Locale.ROOT, "throughput: two processes on 127.0.0.1, window %d, %d MB per size%n", window, budgetMb);
        out.flush();
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(outDir.resolve("throughput.csv")))) {
            csv.println("transport,floats,bytes,messages,window,seconds,mb_per_s,us_per_message");
            ThroughputBench.run(sizes, window, budgetMb * 1_000_000L, smallFloats, smallMessages, r -> {
                csv.printf(Locale.ROOT, "%s,%d,%d,%d,%d,%.4f,%.1f,%.2f%n", r.transport(), r.floats(), r.floats() * 4L,
                        r.messages(), r.window(), r.seconds(), r.megabytesPerSecond(), r.microsPerMessage());
                csv.flush();
                out.printf(Locale.ROOT, "%-7s %,11d floats x %,6d msgs (window %d): %8.1f MB/s, %9.1f us/message%n",
                        r.transport(), r.floats(), r.messages(), r.window(), r.megabytesPerSecond(), r.microsPerMessage());
                out.flush();
            });
        }
    }
}
