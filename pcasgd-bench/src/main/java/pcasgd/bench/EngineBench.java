package pcasgd.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import pcasgd.algorithm.Method;
import pcasgd.api.Execution;
import pcasgd.api.TrainingResult;
import pcasgd.engine.DjlOracle;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.EpochMetrics;

/** The CPU's limit through the engine (large matmul), the whole simulated epoch, and RSS over many steps. */
public final class EngineBench {
    private EngineBench() { }

    /** Large square float32 matmul through DJL/PyTorch; returns the best size's median GFLOP/s. */
    static double matmul(Csv csv, int threads, int[] sizes) {
        double best = 0;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (int n : sizes) {
                NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
                NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
                double load = Timing.loadAverage();
                Timing.Stats st = Timing.measure(() -> {
                    try (NDManager sub = m.newSubManager()) {
                        NDArray c = a.matMul(b);
                        c.getFloat(0, 0); // forces completion
                    }
                }, 500, 5, 2000);
                double gflops = 2.0 * n * n * n / (st.median() / 1e3) / 1e9;
                best = Math.max(best, gflops);
                csv.row("limit", "matmul " + n + "x" + n, "", 0, threads, 0, st, gflops, "GFLOP/s",
                        "float32 via DJL NDArray.matMul (PyTorch " + JniUtils.getNumThreads() + " intra-op threads); load "
                                + String.format(java.util.Locale.ROOT, "%.2f", load));
                a.close();
                b.close();
            }
        }
        return best;
    }

    static TrainConfig epochConfig(String model, int batch, int agents, int stepsPerEpoch, int workers, int threads, int epochs) {
        TrainConfig c = new TrainConfig();
        c.set("method", "pc-asgd");
        c.set("model", model);
        c.set("dataset", "cifar-synthetic");
        c.set("trainLimit", agents * batch * stepsPerEpoch);
        c.set("testLimit", 64);
        c.set("agents", agents);
        c.set("topology", "ring");
        c.set("delay", "fixed");
        c.set("batchSize", batch);
        c.set("epochs", epochs);
        c.set("workers", workers);
        c.set("intraOpThreads", threads);
        c.set("evalAgents", false);
        c.set("learningRate", (double) StepBench.LR);
        return c;
    }

    /**
     * (e) one simulated epoch of n agents, timed by the runtime itself (steps only, no evaluation),
     * against n × steps × one agent's PC-ASGD step measured alone on the same oracle.
     */
    static void epoch(Csv csv, RunBuilder builder, String model, int batch, int agents, int steps, int threads,
                      int[] workerCounts, int epochs) {
        for (int workers : workerCounts) {
            TrainConfig c = epochConfig(model, batch, agents, steps, workers, threads, epochs);
            DjlOracle oracle = (DjlOracle) builder.oracle(c, builder.data(c).train());
            // one agent's step (the real Agent), same oracle, batch size and rule (ring: 2 neighbours, one late)
            StepBench.AgentStep one = new StepBench.AgentStep(oracle, Method.PC_ASGD, "cosine", StepBench.fixedData(batch, 7),
                    oracle.initialParameters(1), 50);
            double load = Timing.loadAverage();
            Timing.Stats single = Timing.measure(one, 500, 2 * steps, 2000);
            List<EpochMetrics> ms;
            // the config's plan on the simulator with this many workers (RunBuilder.training sets both)
            try (TrainingResult r = builder.training(c).toBuilder().execution(Execution.simulator().withWorkers(workers))
                    .build().run()) {
                ms = r.epochs();
            }
            double[] wall = ms.stream().skip(1).mapToDouble(e -> e.wallSeconds() * 1e3).toArray();
            Timing.Stats ep = Timing.Stats.of(wall);
            double serial = (double) agents * steps * single.median();
            csv.row("epoch", "simulated epoch", model, batch, threads, workers, ep, ep.median() / serial,
                    "x (n*steps*single step)", String.format(java.util.Locale.ROOT,
                            "n=%d agents, %d steps/epoch, ring, fixed delay tau=4 on half the links; n*steps*single = %.1f ms; first epoch dropped (warm-up); load %.2f",
                            agents, steps, serial, load));
            csv.row("epoch", "single agent step", model, batch, threads, workers, single, single.median(), "ms/step",
                    "pc-asgd step alone, same oracle");
        }
    }

    /** Resident memory while one agent runs PC-ASGD steps: must be flat between step 10³ and the last. */
    static void rss(Csv csv, DjlOracle oracle, String model, int batch, int threads, int steps) {
        StepBench.AgentStep one = new StepBench.AgentStep(oracle, Method.PC_ASGD, "cosine", StepBench.fixedData(batch, 7),
                oracle.initialParameters(1), 60);
        double at1000 = Double.NaN;
        long t0 = System.nanoTime();
        for (int k = 1; k <= steps; k++) {
            one.run();
            if (k % 1000 == 0 || k == steps) {
                double rss = Timing.rssMiB();
                java.lang.management.MemoryMXBean mem = java.lang.management.ManagementFactory.getMemoryMXBean();
                double heap = (mem.getHeapMemoryUsage().getCommitted() + mem.getNonHeapMemoryUsage().getCommitted()) / 1048576.0;
                if (k == 1000) {
                    at1000 = rss;
                }
                // RSS minus what the JVM has committed for heap and metaspace/code: native memory (DJL/PyTorch, buffers)
                String note = String.format(java.util.Locale.ROOT,
                        "%+.2f%% vs step 1000; JVM heap+non-heap committed %.1f MiB; RSS minus that %.1f MiB; %.1f s so far",
                        Double.isNaN(at1000) ? 0.0 : 100 * (rss / at1000 - 1), heap, rss - heap, (System.nanoTime() - t0) / 1e9);
                csv.row("rss", "after step " + k, model, batch, threads, 0, null, rss, "MiB", note);
            }
        }
    }
}
