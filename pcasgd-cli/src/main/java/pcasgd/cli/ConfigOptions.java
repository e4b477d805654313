package pcasgd.cli;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import pcasgd.algorithm.Method;
import pcasgd.experiment.ConfigFiles;
import pcasgd.experiment.TrainConfig;

/**
 * The options every training command shares: a YAML file, the common keys as flags, and
 * {@code --set key=value} for any other key. Flags override the file, which overrides defaults.
 */
public final class ConfigOptions {
    @Option(names = {"-c", "--config"}, description = "YAML config file (flat keys, see README)")
    Path configFile;

    @Option(names = "--name", description = "run name: output goes to <output>/<name>/") String name;
    @Option(names = "--method", completionCandidates = MethodIds.class, description = "${COMPLETION-CANDIDATES}") String method;
    @Option(names = {"-n", "--agents"}, description = "number of agents") Integer agents;
    @Option(names = "--topology", description = "ring, torus, complete, erdos-renyi") String topology;
    @Option(names = "--tau", description = "delay of a late message, in steps") Integer tau;
    @Option(names = "--delay", description = "none, fixed, uniform, matrix (key delayMatrix), trace (key delayTrace)") String delay;
    @Option(names = "--late-fraction", description = "fraction of links that are slow") Double lateFraction;
    @Option(names = "--epochs") Integer epochs;
    @Option(names = "--batch-size") Integer batchSize;
    @Option(names = {"--lr", "--learning-rate"}) Double learningRate;
    @Option(names = "--theta", description = "PC-ASGD trade-off θ in [0,1]") Double theta;
    @Option(names = "--lambda", description = "predicting strength λ (λ₀ when adaptive)") Double lambda;
    @Option(names = "--model", description = "mlp, lenet, vgg, vgg-small, resnet20, or a TorchScript file (path/to/model.pt)") String model;
    @Option(names = "--dataset", description = "embedded, fashion-mnist, cifar10, cifar100, cifar-synthetic, blobs") String dataset;
    @Option(names = "--data-path") String dataPath;
    @Option(names = "--seed") Long seed;
    @Option(names = "--output", description = "folder for run directories (default runs)") String output;
    @Option(names = "--workers", description = "threads computing agents side by side") Integer workers;
    @Option(names = "--runtime", description = "sim (deterministic simulator), local (actors on real threads)") String runtime;
    @Option(names = "--set", description = "any config key: --set key=value (repeatable)") Map<String, String> extra = new LinkedHashMap<>();

    /** The methods' names, for help and completion: {@link Method#ids()}. */
    public static final class MethodIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Method.ids().iterator();
        }
    }

    /** Defaults, then the YAML file, then flags. */
    public TrainConfig resolve() {
        TrainConfig c = configFile == null ? new TrainConfig() : ConfigFiles.load(configFile, new TrainConfig());
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("name", name);
        flags.put("method", method);
        flags.put("agents", agents);
        flags.put("topology", topology);
        flags.put("tau", tau);
        flags.put("delay", delay);
        flags.put("lateFraction", lateFraction);
        flags.put("epochs", epochs);
        flags.put("batchSize", batchSize);
        flags.put("learningRate", learningRate);
        flags.put("theta", theta);
        flags.put("lambda", lambda);
        flags.put("model", model);
        flags.put("dataset", dataset);
        flags.put("dataPath", dataPath);
        flags.put("seed", seed);
        flags.put("output", output);
        flags.put("workers", workers);
        flags.put("runtime", runtime);
        flags.forEach((k, v) -> {
            if (v != null) {
                c.set(k, v);
            }
        });
        extra.forEach(c::set);
        return c.validate();
    }
}
