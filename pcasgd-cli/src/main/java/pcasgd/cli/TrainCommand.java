package pcasgd.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
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
import pcasgd.dashboard.Dashboard;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.TrainingListener;
import pcasgd.agent.TrainingDivergedException;

/** {@code pcasgd train}: one method, one config, in the simulator (default) or the local actor runtime. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train n agents with one method; writes <output>/<name>/{config.yaml,metrics.csv,timing.csv,report.html}.")
final class TrainCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Mixin DashboardOptions dashboardOptions;
    @Spec CommandSpec spec;

    @Option(names = "--resume", description = "continue every agent from its checkpoint (runtime local)")
    boolean resume;

    @Option(names = "--progress", negatable = true, description = "progress bar (default: only on a terminal)")
    Boolean progress;

    @Override
    public Integer call() throws java.io.IOException {
        TrainConfig c = options.resolve();
        PrintWriter out = spec.commandLine().getOut();
        boolean showProgress = progress != null ? progress : System.console() != null;
        try (RunBuilder builder = new RunBuilder(); Dashboard dashboard = dashboardOptions.open(c, builder, out)) {
            List<TrainingListener> listeners = new ArrayList<>(List.of(new ConsoleListener(out, showProgress)));
            if (dashboard != null) {
                listeners.add(dashboard.listener());
            }
            List<EpochMetrics> epochs;
            try {
                epochs = new TrainingSession(builder).run(c, listeners, resume);
            } catch (TrainingDivergedException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage() + "; metrics of finished epochs are in "
                        + RunDirectory.of(c).path());
                dashboardOptions.linger(dashboard, out);
                return 2;
            } catch (RuntimeException e) {
                if (dashboard != null) {
                    dashboard.state().fail(Errors.describe(e));
                }
                throw e;
            }
            EpochMetrics last = epochs.get(epochs.size() - 1);
            out.printf(Locale.ROOT, "final test accuracy of the averaged model: %.4f; run written to %s%n",
                    last.testAccuracy(), RunDirectory.of(c).path());
            out.flush();
            dashboardOptions.linger(dashboard, out);
        }
        return 0;
    }
}
