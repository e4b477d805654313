package pcasgd.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pcasgd bench}: step, vector-op, epoch, engine-limit and memory benchmarks as CSV. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (see docs/benchmarks.md): steps of plain SGD / PC-ASGD / practical variant vs DJL's "
                + "Trainer, vector ops vs arraycopy, matmul GFLOP/s, a simulated epoch, RSS over many steps. Writes CSV.")
public final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--parts", split = ",", description = "any of: limit, step, vector, epoch, rss, anatomy, actor (default: limit, step, vector, epoch, rss)")
    List<String> parts = new ArrayList<>(List.of("limit", "step", "vector", "epoch", "rss"));

    @Option(names = "--models", split = ",", description = "models for the step benchmarks (default: lenet,resnet20)")
    List<String> models = new ArrayList<>(List.of("lenet", "resnet20"));

    @Option(names = "--batches", split = ",", description = "batch sizes (default: 32,64,128)")
    List<Integer> batches = new ArrayList<>(List.of(32, 64, 128));

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: 1)")
    int threads = 1;

    @Option(names = "--workers", split = ",", description = "simulator worker counts for the epoch benchmark (default: 1,2)")
    List<Integer> workers = new ArrayList<>(List.of(1, 2));

    @Option(names = "--budget", description = "seconds per (model, batch) step case (default: 20)")
    double budgetS = 20;

    @Option(names = "--min-rounds", description = "fewest timed rounds per step case (default: 5)")
    int minRounds = 5;

    @Option(names = "--max-rounds", description = "most timed rounds per step case (default: 200)")
    int maxRounds = 200;

    @Option(names = "--vector-sizes", split = ",", description = "vector lengths (default: 100000,1000000,10000000)")
    List<Integer> vectorSizes = new ArrayList<>(List.of(100_000, 1_000_000, 10_000_000));

    @Option(names = "--epoch-model", description = "model of the epoch benchmark (default: lenet)")
    String epochModel = "lenet";

    @Option(names = "--epoch-batch", description = "batch of the epoch benchmark (default: 64)")
    int epochBatch = 64;

    @Option(names = "--epoch-steps", description = "steps per simulated epoch (default: 8)")
    int epochSteps = 8;

    @Option(names = "--epochs", description = "simulated epochs, the first one dropped as warm-up (default: 4)")
    int epochs = 4;

    @Option(names = "--rss-steps", description = "steps of the resident-memory run (default: 10000)")
    int rssSteps = 10_000;

    @Option(names = "--rss-model", description = "model of the resident-memory run (default: lenet)")
    String rssModel = "lenet";

    @Option(names = "--anatomy-rounds", description = "timed rounds of the step-anatomy part (default: 60)")
    int anatomyRounds = 60;

    @Option(names = "--anatomy-agents", description = "agents batched into one pass in the step-anatomy part (default: 8)")
    int anatomyAgents = 8;

    @Option(names = "--actor-config", description = "YAML config of the actor-vs-simulator part")
    Path actorConfig;

    @Option(names = "--actor-runtimes", split = ",",
            description = "runtimes of the actor part: sim, local, local-unbounded, cluster (default: sim,local,cluster)")
    List<String> actorRuntimes = new ArrayList<>(List.of("sim", "local", "cluster"));

    @Option(names = "--actor-reps", description = "interleaved repetitions of the actor part (default: 3)")
    int actorReps = 3;

    @Option(names = "--actor-processes", description = "JVMs of the actor part's cluster runs (default: 2)")
    int actorProcesses = 2;

    @Option(names = "--out", description = "CSV file (default: print only)")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        Benchmarks.Options o = new Benchmarks.Options(parts, models, batches, threads, workers, budgetS, minRounds,
                maxRounds, vectorSizes.stream().mapToInt(Integer::intValue).toArray(), epochModel, epochBatch, epochSteps,
                epochs, rssSteps, rssModel, anatomyRounds, anatomyAgents, actorConfig, actorRuntimes, actorReps,
                actorProcesses);
        if (out != null) {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(out))) {
                Benchmarks.run(o, file, console);
            }
        } else {
            Benchmarks.run(o, console, null);
        }
        return 0;
    }
}
