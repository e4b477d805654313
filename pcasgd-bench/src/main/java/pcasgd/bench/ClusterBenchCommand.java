package pcasgd.bench;

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
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;
import pcasgd.api.ClusterSettings;
import pcasgd.api.PcAsgd;

/**
 * {@code pcasgd bench-cluster}: benchmarks of the actor runtime, as CSV files in {@code --out-dir}.
 * <ul>
 *   <li>{@code straggler}: n agents on the {@code local} runtime, agent 0 {@code --slow-factor} times slower;
 *       each method's averaged model is tested every {@code --interval-ms} of wall time and the time it
 *       first reaches each {@code --targets} accuracy is reported (straggler-trace.csv, straggler.csv);</li>
 *   <li>{@code throughput}: two processes on loopback exchanging parameter messages through the real
 *       serializer and Artery, next to a plain socket measured the same way (throughput.csv, throughput-summary.csv);</li>
 *   <li>{@code wire}: bytes per parameter message in fp32 / bf16 / fp16, with and without the gradient, from the
 *       serializer's output, and its encode / decode time (wire.csv).</li>
 * </ul>
 */
@Command(name = "bench-cluster", mixinStandardHelpOptions = true,
        description = "Actor-runtime benchmarks: straggler race (PC-ASGD vs synchronous DSGD, wall time to a "
                + "target accuracy) and loopback parameter-exchange throughput (Artery vs plain TCP). Writes CSV.")
public final class ClusterBenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--parts", split = ",", description = "straggler, throughput, wire (default: straggler,throughput)")
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
    @Option(names = "--variant", description = "an Artery configuration to measure, repeatable: 'default' (pcasgd-cluster.conf), "
            + "'name=hocon' (entries separated by ';', laid over it on both sides), 'name=chunk:N' or 'name=chunk:N;hocon' "
            + "(each vector sent as messages of at most N floats). Default: default")
    List<String> variants = new ArrayList<>(List.of("default"));
    // wire encodings
    @Option(names = "--wire-floats", defaultValue = "61706",
            description = "parameters per message of the wire part (default ${DEFAULT-VALUE}, LeNet)")
    int wireFloats;
    @Option(names = "--wire-run-id", defaultValue = "lenet", description = "run id in the wire part's header (default ${DEFAULT-VALUE})")
    String wireRunId;
    @Option(names = "--wire-rounds", defaultValue = "200", description = "timed rounds of the wire part (default ${DEFAULT-VALUE})")
    int wireRounds;
    @Option(names = "--rounds", defaultValue = "1",
            description = "repetitions; in each the socket and every variant run back to back (default ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(outDir);
        for (String p : parts) {
            switch (p) {
                case "straggler" -> straggler(out);
                case "throughput" -> throughput(out);
                case "wire" -> wire(out);
                default -> throw new IllegalArgumentException("unknown part '" + p + "' (straggler, throughput, wire)");
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
                    PcAsgd plan = builder.training(config(m));
                    ClusterSettings s = ClusterSettings.builder("race-" + m + "-" + r).slowFactors(slow)
                            .computePadMillis(padMs).build();
                    int run = r;
                    List<StragglerRace.Point> points = StragglerRace.run(plan, s, intervalMs, stop, maxSeconds, p ->
                            trace.printf(Locale.ROOT, "%s,%d,%.3f,%d,%d,%.1f,%.5f,%.4f%n", method.id(), run,
                                    p.elapsedSeconds(), p.minStep(), p.maxStep(), p.meanStep(), p.testLoss(), p.testAccuracy()));
                    trace.flush();
                    StragglerRace.Point last = points.get(points.size() - 1);
                    StringBuilder line = new StringBuilder();
                    for (double t : targets) {
                        double sec = StragglerRace.secondsTo(points, t);
                        double steps = points.stream().filter(p -> p.testAccuracy() >= t).findFirst()
                                .map(StragglerRace.Point::meanStep).orElse(Double.NaN);
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
        List<ThroughputBench.Variant> vs = variants.stream().map(ThroughputBench.Variant::parse).toList();
        out.printf(Locale.ROOT, "throughput: two processes on 127.0.0.1, window %d, %d MB per size, %d round(s), variants %s%n",
                window, budgetMb, rounds, vs.stream().map(ThroughputBench.Variant::name).toList());
        out.flush();
        List<ThroughputBench.Row> rows;
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(outDir.resolve("throughput.csv")))) {
            csv.println("round,transport,variant,floats,bytes,chunk_floats,messages,window,seconds,mb_per_s,us_per_message,"
                    + "sender_bytes_alloc_per_msg,receiver_bytes_alloc_per_msg,sender_gc_ms,receiver_gc_ms,"
                    + "sender_cpu_us_per_msg,receiver_cpu_us_per_msg");
            var o = new ThroughputBench.Options(sizes, window, budgetMb * 1_000_000L, smallFloats, smallMessages, vs, rounds);
            rows = ThroughputBench.run(o, r -> {
                csv.printf(Locale.ROOT, "%d,%s,%s,%d,%d,%d,%d,%d,%.4f,%.1f,%.2f,%.0f,%.0f,%d,%d,%.1f,%.1f%n", r.round(),
                        r.transport(), r.variant(), r.floats(), r.floats() * 4L, r.chunkFloats(), r.messages(), r.window(),
                        r.seconds(), r.megabytesPerSecond(), r.microsPerMessage(), r.senderBytesPerMessage(),
                        r.receiverBytesPerMessage(), r.senderGcMillis(), r.receiverGcMillis(), r.senderCpuMicrosPerMessage(),
                        r.receiverCpuMicrosPerMessage());
                csv.flush();
                out.printf(Locale.ROOT, "%d %-7s %-12s %,11d floats x %,6d msgs (window %d): %8.1f MB/s, %9.1f us/message, "
                                + "alloc/msg sender %.1fx receiver %.1fx payload, cpu us/msg sender %.0f receiver %.0f%n",
                        r.round(), r.transport(), r.variant(), r.floats(), r.messages(), r.window(), r.megabytesPerSecond(),
                        r.microsPerMessage(), r.senderBytesPerMessage() / (r.floats() * 4.0),
                        r.receiverBytesPerMessage() / (r.floats() * 4.0), r.senderCpuMicrosPerMessage(),
                        r.receiverCpuMicrosPerMessage());
                out.flush();
            });
        }
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(outDir.resolve("throughput-summary.csv")))) {
            csv.println("variant,floats,rounds,median_mb_per_s,median_ratio_to_socket,min_ratio,max_ratio,"
                    + "median_sender_cpu_us_per_msg,median_receiver_cpu_us_per_msg,median_receiver_alloc_per_payload");
            out.println("summary (medians over rounds; ratio = artery MB/s / socket MB/s of the same round):");
            for (String v : rows.stream().map(ThroughputBench.Row::variant).distinct().toList()) {
                for (int f : rows.stream().map(ThroughputBench.Row::floats).distinct().toList()) {
                    List<Double> mbs = new ArrayList<>();
                    List<Double> ratios = new ArrayList<>();
                    List<Double> cpuS = new ArrayList<>();
                    List<Double> cpuR = new ArrayList<>();
                    List<Double> allocR = new ArrayList<>();
                    for (ThroughputBench.Row r : rows) {
                        if (r.variant().equals(v) && r.floats() == f) {
                            mbs.add(r.megabytesPerSecond());
                            cpuS.add(r.senderCpuMicrosPerMessage());
                            cpuR.add(r.receiverCpuMicrosPerMessage());
                            allocR.add(r.receiverBytesPerMessage() / (f * 4.0));
                            rows.stream().filter(t -> t.transport().equals("tcp") && t.round() == r.round() && t.floats() == f)
                                    .findFirst().ifPresent(t -> ratios.add(r.megabytesPerSecond() / t.megabytesPerSecond()));
                        }
                    }
                    ratios.sort(null);
                    csv.printf(Locale.ROOT, "%s,%d,%d,%.1f,%.3f,%.3f,%.3f,%.1f,%.1f,%.2f%n", v, f, mbs.size(), median(mbs),
                            median(ratios), ratios.get(0), ratios.get(ratios.size() - 1), median(cpuS), median(cpuR),
                            median(allocR));
                    out.printf(Locale.ROOT, "  %-12s %,11d floats: %8.1f MB/s  ratio %.3f [%.3f, %.3f]  cpu us/msg %.0f + %.0f, "
                                    + "receiver alloc %.1fx payload%n", v, f, median(mbs), median(ratios), ratios.get(0),
                            ratios.get(ratios.size() - 1), median(cpuS), median(cpuR), median(allocR));
                }
            }
            out.flush();
        }
    }

    private void wire(PrintWriter out) throws IOException {
        out.printf(Locale.ROOT, "wire: %,d floats per message, run id '%s', %d rounds%n", wireFloats, wireRunId, wireRounds);
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(outDir.resolve("wire.csv")))) {
            csv.println("run_id,encoding,gradient,floats,bytes,encode_ms_median,encode_ms_p10,encode_ms_p90,"
                    + "decode_ms_median,decode_ms_p10,decode_ms_p90");
            WireBench.run(wireRunId, wireFloats, wireRounds, r -> {
                csv.printf(Locale.ROOT, "%s,%s,%s,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n", r.runId(), r.encoding(), r.gradient(),
                        r.floats(), r.bytes(), r.encode().median(), r.encode().p10(), r.encode().p90(), r.decode().median(),
                        r.decode().p10(), r.decode().p90());
                csv.flush();
                out.printf(Locale.ROOT, "  %-4s %-13s %,10d bytes  encode %.3f ms  decode %.3f ms (medians)%n", r.encoding(),
                        r.gradient() ? "x + g" : "x only", r.bytes(), r.encode().median(), r.decode().median());
                out.flush();
            });
        }
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
