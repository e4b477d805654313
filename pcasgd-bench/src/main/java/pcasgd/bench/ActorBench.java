package pcasgd.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import pcasgd.cli.Main;
import pcasgd.cli.ProcessLauncher;
import pcasgd.experiment.ActorSettings;
import pcasgd.experiment.ConfigFiles;
import pcasgd.experiment.RunFingerprint;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;
import pcasgd.experiment.TrainingSession;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.MetricValue;
import pcasgd.metrics.RunInfo;
import pcasgd.metrics.TrainingListener;
import pcasgd.api.ClusterNode;
import pcasgd.api.NodeSettings;
import pcasgd.api.PcAsgd;

/**
 * The same run (one YAML config) in the simulator and in the actor runtimes, interleaved: rep r
 * runs every runtime once, in an order rotated by r, so load drift on a shared machine hits them
 * alike; the figures are per-rep ratios to the simulator and their medians.
 *
 * <ul>
 *   <li>{@code sim}: the simulator, agents computed on {@code workers} threads;</li>
 *   <li>{@code local}: one actor system in this JVM, at most {@code workers} agents computing at once;</li>
 *   <li>{@code local-unbounded}: the same with every agent thread computing at once (the runtime
 *       before compute slots), for the comparison;</li>
 *   <li>{@code cluster}: {@code processes} JVMs on loopback (Pekko Cluster over Artery TCP): this one
 *       hosts the coordinator and the first share of agents, the others are started with
 *       {@code pcasgd agent}; each process computes at most {@code workers / processes} agents at once,
 *       so all of them together have the simulator's CPU budget.</li>
 * </ul>
 *
 * Per run: s/epoch as the runtime reports it (epoch 1, JIT warm-up, dropped), the time from start to
 * the last epoch's metrics (training and evaluation, the same work in every runtime), this JVM's CPU
 * time, and the final accuracy of the averaged model.
 */
public final class ActorBench {
    private ActorBench() { }

    /** Records when the run started, each epoch's metrics arrived and the run finished. */
    static final class Clock implements TrainingListener {
        long start;
        long finish;
        final List<EpochMetrics> epochs = new ArrayList<>();

        @Override
        public void onStart(RunInfo info) {
            start = System.nanoTime();
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            epochs.add(m);
        }

        @Override
        public void onFinish() {
            finish = System.nanoTime();
        }
    }

    record Result(String runtime, int rep, double[] epochSeconds, double totalSeconds, double cpuSeconds, double accuracy,
                  double lateAge, String failure) {
        /** The slowest epoch after the first: where a stall shows (the median hides it). */
        double slowestEpoch() {
            return epochSeconds.length < 2 ? Double.NaN
                    : Arrays.stream(epochSeconds).skip(1).max().orElse(Double.NaN);
        }

        double medianEpoch() {
            if (epochSeconds.length == 0) {
                return Double.NaN;
            }
            double[] tail = epochSeconds.length > 1 ? Arrays.copyOfRange(epochSeconds, 1, epochSeconds.length) : epochSeconds;
            return Timing.Stats.of(tail).median();
        }
    }

    static void run(Csv csv, Path configFile, List<String> runtimes, int reps, int processes) throws IOException {
        TrainConfig base = ConfigFiles.load(configFile, new TrainConfig());
        Path dir = Files.createTempDirectory("pcasgd-actor-bench");
        Map<String, List<Result>> all = new LinkedHashMap<>();
        runtimes.forEach(r -> all.put(r, new ArrayList<>()));
        try (RunBuilder builder = new RunBuilder()) {
            for (int rep = 0; rep < reps; rep++) {
                for (int k = 0; k < runtimes.size(); k++) {
                    String rt = runtimes.get((k + rep) % runtimes.size());
                    double load = Timing.loadAverage();
                    Result res;
                    try {
                        res = once(builder, base, rt, rep, processes, dir);
                    } catch (RuntimeException e) {
                        // a diverged or failed run is a result too; it takes no part in the ratios
                        res = new Result(rt, rep, new double[0], Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                                String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                    }
                    all.get(rt).add(res);
                    csv.row("actor", rt, base.model(), base.batchSize(), base.intraOpThreads(), base.workers(), null,
                            res.medianEpoch(), "s/epoch", res.failure != null ? "rep " + rep + "; FAILED: " + res.failure
                                    : String.format(Locale.ROOT, "rep %d; epochs %s s; start to last metrics %.2f s; "
                                            + "CPU of this JVM %.1f s; accuracy %.4f; late age %.2f; load %.2f",
                                    rep, Arrays.toString(Arrays.stream(res.epochSeconds).map(x -> Math.round(x * 100) / 100.0).toArray()),
                                    res.totalSeconds, res.cpuSeconds, res.accuracy, res.lateAge, load));
                }
            }
        }
        // run folders and process logs stay in dir: the actor system writes its message trace there
        // asynchronously when it terminates, so the folder cannot be removed reliably here
        csv.row("actor", "run folders", base.model(), 0, base.intraOpThreads(), 0, null, Double.NaN, "", dir.toString());
        List<Result> sims = all.get("sim");
        if (sims == null) {
            return;
        }
        for (String rt : runtimes) {
            if (rt.equals("sim")) {
                continue;
            }
            List<Result> rs = all.get(rt);
            List<Double> er = new ArrayList<>();
            List<Double> mr = new ArrayList<>();
            List<Double> tr = new ArrayList<>();
            for (int r = 0; r < rs.size(); r++) {
                double e = rs.get(r).medianEpoch() / sims.get(r).medianEpoch();
                double m = rs.get(r).slowestEpoch() / sims.get(r).slowestEpoch();
                double t = rs.get(r).totalSeconds / sims.get(r).totalSeconds;
                if (!Double.isNaN(e) && !Double.isNaN(t)) {
                    er.add(e);
                    mr.add(m);
                    tr.add(t);
                }
            }
            if (er.isEmpty()) {
                continue;
            }
            double[] epochRatio = er.stream().mapToDouble(Double::doubleValue).toArray();
            double[] totalRatio = tr.stream().mapToDouble(Double::doubleValue).toArray();
            double[] slowRatio = mr.stream().mapToDouble(Double::doubleValue).toArray();
            csv.row("actor", rt + " / sim: s/epoch", base.model(), base.batchSize(), base.intraOpThreads(), base.workers(),
                    null, Timing.Stats.of(epochRatio).median(), "x sim (median of per-rep ratios)",
                    "per rep " + fmt(epochRatio) + " (failed runs left out); s/epoch as each runtime reports it, epoch 1 dropped");
            csv.row("actor", rt + " / sim: slowest epoch", base.model(), base.batchSize(), base.intraOpThreads(),
                    base.workers(), null, Timing.Stats.of(slowRatio).median(), "x sim (median of per-rep ratios)",
                    "per rep " + fmt(slowRatio) + "; the slowest epoch after the first in each runtime (a stall shows here)");
            csv.row("actor", rt + " / sim: start to last metrics", base.model(), base.batchSize(), base.intraOpThreads(),
                    base.workers(), null, Timing.Stats.of(totalRatio).median(), "x sim (median of per-rep ratios)",
                    "per rep " + fmt(totalRatio) + "; training and evaluation of every epoch");
        }
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", x));
        }
        return b.toString();
    }

    static Result once(RunBuilder builder, TrainConfig base, String runtime, int rep, int processes, Path dir)
            throws IOException {
        TrainConfig c = base.copy();
        String name = "actor-bench-" + runtime + "-" + rep + "-" + ProcessHandle.current().pid();
        c.set("name", name);
        c.set("runId", name);
        c.set("output", dir.toString());
        Clock clock = new Clock();
        long cpu0 = processCpuNanos();
        switch (runtime) {
            case "sim" -> {
                c.set("runtime", "sim");
                new TrainingSession(builder).run(c, List.of(clock));
            }
            case "local", "local-unbounded" -> {
                c.set("runtime", "local");
                String before = System.getProperty(SLOTS_PROPERTY);
                if (runtime.equals("local-unbounded")) {
                    System.setProperty(SLOTS_PROPERTY, Integer.toString(c.agents()));
                }
                try {
                    new TrainingSession(builder).run(c, List.of(clock));
                } finally {
                    if (before == null) {
                        System.clearProperty(SLOTS_PROPERTY);
                    } else {
                        System.setProperty(SLOTS_PROPERTY, before);
                    }
                }
            }
            case "cluster" -> cluster(builder, c, processes, dir, clock);
            default -> throw new IllegalArgumentException("runtime must be sim, local, local-unbounded or cluster, got " + runtime);
        }
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        double[] epochs = clock.epochs.stream().mapToDouble(EpochMetrics::wallSeconds).toArray();
        EpochMetrics last = clock.epochs.get(clock.epochs.size() - 1);
        return new Result(runtime, rep, epochs, (clock.finish - clock.start) / 1e9, cpu, last.testAccuracy(),
                value(last, "late_age"), null);
    }

    /** The property {@code pcasgd.runtime.cluster.ComputeSlots} reads: compute slots per process (default: the run's workers). */
    static final String SLOTS_PROPERTY = "pcasgd.agentSlots";

    private static double value(EpochMetrics m, String metric) {
        MetricValue v = m.value(metric);
        return v == null ? Double.NaN : v.scalar();
    }

    /** Agents split evenly over {@code processes} JVMs; this one hosts the coordinator and the first share. */
    private static void cluster(RunBuilder builder, TrainConfig c, int processes, Path dir, Clock clock) throws IOException {
        int n = c.agents();
        int p = Math.max(1, Math.min(processes, n));
        int workersEach = Math.max(1, c.workers() / p);
        c.set("workers", workersEach);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path yaml = dir.resolve(c.name() + ".yaml");
        ConfigFiles.write(c, yaml);
        List<List<Integer>> shares = new ArrayList<>();
        for (int q = 0; q < p; q++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            shares.get(i * p / n).add(i);
        }
        List<Process> children = new ArrayList<>();
        String seed = "127.0.0.1:" + port;
        PcAsgd plan = builder.training(c);
        ClusterNode node = plan.toBuilder().listeners(List.of(clock)).build().startNode(ActorSettings.from(c, false),
                NodeSettings.builder().port(port).seeds(List.of(seed)).agentIds(shares.get(0)).coordinator(true)
                        .fingerprint(RunFingerprint.of(c, plan.spec()).settings()).build());
        try {
            for (int q = 1; q < p; q++) {
                String ids = String.join(",", shares.get(q).stream().map(String::valueOf).toList());
                children.add(ProcessLauncher.of(Main.class)
                        .args("agent", "--id", ids, "--seed-nodes", seed, "-c", yaml.toString(), "--no-coordinator")
                        .logTo(dir.resolve(c.name() + "-p" + q + ".log")).start());
            }
            node.awaitResult(Duration.ofHours(2)).close();
        } catch (Exception e) {
            throw new IllegalStateException("cluster run failed; process logs in " + dir, e);
        } finally {
            node.close();
            for (Process child : children) {
                try {
                    if (!child.waitFor(60, TimeUnit.SECONDS)) {
                        child.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    child.destroyForcibly();
                }
            }
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
