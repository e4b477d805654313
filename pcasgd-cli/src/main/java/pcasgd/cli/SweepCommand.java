package pcasgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pcasgd.dashboard.Dashboard;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.Sweep;
import pcasgd.experiment.SweepGrid;
import pcasgd.experiment.SweepPoint;
import pcasgd.metrics.EpochMetrics;
import pcasgd.agent.TrainingDivergedException;
import pcasgd.metrics.TrainingListener;

/** {@code pcasgd sweep}: every point of a YAML grid, one after another, into one resumable CSV. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run the cartesian product of a YAML grid (any config key) x seeds; rows go to"
                + " <output>/<name>/sweep.csv. Rerunning skips the points already in the CSV.")
final class SweepCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DashboardOptions dashboardOptions;

    @Option(names = {"-g", "--grid"}, required = true,
            description = "YAML: base config keys, 'grid:' (key -> list of values) and 'seeds:' (list)")
    Path gridFile;

    @Option(names = "--output", description = "folder for sweeps (default: the grid's 'output' key, else runs)")
    String output;

    @Option(names = "--name", description = "sweep name (default: the grid file's name without .yaml)")
    String name;

    @Option(names = "--progress", negatable = true, description = "progress bar (default: only on a terminal)")
    Boolean progress;

    @Override
    public Integer call() throws IOException {
        SweepGrid grid = SweepGrid.load(gridFile);
        String sweepName = name != null ? name : gridFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path dir = Path.of(output != null ? output : grid.base().output(), sweepName);
        PrintWriter out = spec.commandLine().getOut();
        boolean bar = progress != null ? progress : System.console() != null;
        out.printf(Locale.ROOT, "sweep %s: %d points (%s x %d seeds) -> %s%n", sweepName, grid.points().size(),
                String.join(" x ", grid.keys()), grid.seeds().size(), dir.resolve("sweep.csv"));
        out.flush();
        Sweep.Outcome o;
        try (RunBuilder builder = new RunBuilder()) {
            Sweep sweep = new Sweep(grid, dir, builder);
            try (Dashboard dashboard = dashboardOptions.open("sweep " + sweepName,
                    grid.points().stream().map(sweep::runConfig).toList(), builder, out)) {
                try {
                    o = sweep.run(new Report(out, bar, dashboard));
                } catch (RuntimeException e) {
                    if (dashboard != null) {
                        dashboard.runs().failCurrent(Errors.describe(e));
                    }
                    throw e;
                }
                if (dashboard != null) {
                    dashboard.runs().skippedBefore(grid.points().size(), Report.SKIPPED);
                }
                out.printf(Locale.ROOT, "done: %d points run, %d already in the CSV, %d diverged; results in %s%n",
                        o.ran(), o.skipped(), o.diverged(), dir.resolve("sweep.csv"));
                out.flush();
                dashboardOptions.linger(dashboard, out);
            }
        }
        return o.diverged() > 0 ? 2 : 0;
    }

    /** One line per point, a progress bar over the point's steps on a terminal, and the dashboard's list when there is one. */
    private record Report(PrintWriter out, boolean bar, Dashboard dashboard) implements Sweep.Events {
        static final String SKIPPED = "already in sweep.csv";

        @Override
        public void skipped(int done, int total) {
            out.printf(Locale.ROOT, "resuming: %d of %d points are already in the CSV and are skipped%n", done, total);
            out.flush();
        }

        @Override
        public List<TrainingListener> starting(SweepPoint p, int index, int total) {
            List<TrainingListener> l = new java.util.ArrayList<>();
            if (bar) {
                l.add(new StepProgressBar(String.format(Locale.ROOT, "[%d/%d] %s", index, total, p.id()), true));
            }
            if (dashboard != null) {
                // points run in order: one before this that never began was already in the CSV
                dashboard.runs().skippedBefore(index - 1, SKIPPED);
                l.add(dashboard.begin(index - 1));
            }
            return l;
        }

        @Override
        public void finished(SweepPoint p, int index, int total, List<EpochMetrics> epochs, double wallSeconds) {
            if (dashboard != null) {
                dashboard.runs().ended(index - 1);
            }
            EpochMetrics last = epochs.get(epochs.size() - 1);
            double best = epochs.stream().mapToDouble(EpochMetrics::testAccuracy).max().orElse(Double.NaN);
            out.printf(Locale.ROOT, "[%d/%d] %s: test acc %.4f (best %.4f), consensus %.4f, %.1f s%n", index, total,
                    p.id(), last.testAccuracy(), best, last.consensusDistance(), wallSeconds);
            out.flush();
        }

        @Override
        public void diverged(SweepPoint p, int index, int total, TrainingDivergedException e) {
            if (dashboard != null) {
                dashboard.runs().diverged(index - 1, e.getMessage());
            }
            out.printf(Locale.ROOT, "[%d/%d] %s: DIVERGED (%s); recorded as diverged%n", index, total, p.id(), e.getMessage());
            out.flush();
        }
    }
}
