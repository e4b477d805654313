package pcasgd.bench;

import java.io.PrintWriter;
import java.util.List;
import pcasgd.engine.DjlOracle;
import pcasgd.engine.EngineSetup;
import pcasgd.experiment.RunBuilder;

/** Runs the selected benchmark parts and writes one CSV (see {@link Csv}). Used by {@code pcasgd bench}. */
public final class Benchmarks {
    private Benchmarks() { }

    public record Options(List<String> parts, List<String> models, List<Integer> batches, int threads,
                          List<Integer> workers, double budgetS, int minRounds, int maxRounds, int[] vectorSizes,
                          String epochModel, int epochBatch, int epochSteps, int epochs, int rssSteps, String rssModel,
                          int anatomyRounds, int anatomyAgents, java.nio.file.Path actorConfig, List<String> actorRuntimes,
                          int actorReps, int actorProcesses) { }

    public static void run(Options o, PrintWriter out, PrintWriter echo) throws java.io.IOException {
        // the engine reads its thread counts once, when it loads: configure before anything touches DJL
        EngineSetup.configure(o.threads());
        Csv csv = new Csv(out, echo);
        csv.row("info", "machine", "", 0, o.threads(), 0, null, Runtime.getRuntime().availableProcessors(), "cpus",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        double peak = Double.NaN;
        if (o.parts().contains("limit") || o.parts().contains("step")) {
            peak = EngineBench.matmul(csv, o.threads(), new int[] {1024, 2048});
        }
        if (o.parts().contains("step")) {
            for (String model : o.models()) {
                try (DjlOracle oracle = DjlOracle.create(model, StepBench.SHAPE, StepBench.CLASSES)) {
                    StepBench.copyOverhead(csv, oracle, model, o.threads());
                    for (int b : o.batches()) {
                        StepBench.run(csv, oracle, model, b, o.threads(), o.budgetS(), o.minRounds(), o.maxRounds(), peak);
                    }
                }
            }
        }
        if (o.parts().contains("anatomy")) {
            for (String model : o.models()) {
                for (int b : o.batches()) {
                    StepAnatomy.run(csv, model, StepBench.SHAPE, StepBench.CLASSES, b, o.threads(), o.anatomyRounds(),
                            o.anatomyAgents());
                }
            }
        }
        if (o.parts().contains("actor")) {
            if (o.actorConfig() == null) {
                throw new IllegalArgumentException("--parts actor needs --actor-config <run.yaml>");
            }
            ActorBench.run(csv, o.actorConfig(), o.actorRuntimes(), o.actorReps(), o.actorProcesses());
        }
        if (o.parts().contains("vector")) {
            VectorBench.run(csv, o.vectorSizes(), o.threads(), 1500);
        }
        if (o.parts().contains("epoch")) {
            try (RunBuilder builder = new RunBuilder()) {
                EngineBench.epoch(csv, builder, o.epochModel(), o.epochBatch(), 8, o.epochSteps(), o.threads(),
                        o.workers().stream().mapToInt(Integer::intValue).toArray(), o.epochs());
            }
        }
        if (o.parts().contains("rss")) {
            try (DjlOracle oracle = DjlOracle.create(o.rssModel(), StepBench.SHAPE, StepBench.CLASSES)) {
                EngineBench.rss(csv, oracle, o.rssModel(), 32, o.threads(), o.rssSteps());
            }
        }
    }
}
