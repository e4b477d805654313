package pcasgd.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.RunDirectory;
import pcasgd.experiment.TrainConfig;
import pcasgd.experiment.TrainingSession;
import pcasgd.metrics.EpochMetrics;
import pcasgd.agent.TrainingDivergedException;

/** {@code pcasgd train}: one method, one config, in the simulator (default) or the local actor runtime. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train n agents with one method; writes <output>/<name>/{config.yaml,metrics.csv,timing.csv}.")
final class TrainCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Spec CommandSpec spec;

    @Option(names = "--resume", description = "continue every agent from its checkpoint (runtime local)")
    boolean resume;

    @Option(names = "--progress", negatable = true, description = "progress bar (default: only on a terminal)")
    Boolean progress;

    @Override
    public Integer call() {
        TrainConfig c = options.resolve();
        PrintWriter out = spec.commandLine().getOut();
        boolean showProgress = progress != null ? progress : System.console() != null;
        try (RunBuilder builder = new RunBuilder()) {
            List<EpochMetrics> epochs;
            try {
                epochs = new TrainingSession(builder).run(c, List.of(new ConsoleListener(out, showProgress)), resume);
            } catch (TrainingDivergedException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage() + "; metrics of finished epochs are in "
                        + RunDirectory.of(c).path());
                return 2;
            }
            EpochMetrics last = epochs.get(epochs.size() - 1);
            out.printf(Locale.ROOT, "final test accuracy of the averaged model: %.4f; run written to %s%n",
                    last.testAccuracy(), RunDirectory.of(c).path());
            out.flush();
        }
        return 0;
    }
}
