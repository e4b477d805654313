package pcasgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pcasgd.agent.TrainingDivergedException;
import pcasgd.algorithm.Method;
import pcasgd.dashboard.Dashboard;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;
import pcasgd.experiment.TrainingSession;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.StandardMetrics;
import pcasgd.io.AtomicFiles;
import pcasgd.report.TextTable;
import pcasgd.metrics.TrainingListener;

/**
 * {@code pcasgd compare}: several methods on the same seed, data and network, one table. A method
 * that diverges gets a row saying where, and the others still run.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run several methods with the same config and seed; print and save one table side by side.")
final class CompareCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Mixin DashboardOptions dashboardOptions;
    @Spec CommandSpec spec;

    @Option(names = "--methods", split = ",", completionCandidates = ConfigOptions.MethodIds.class,
            description = "methods to compare, of ${COMPLETION-CANDIDATES} (default: every one that trains n agents)")
    List<String> methods = new ArrayList<>(defaultMethods());

    /** Every method that trains the n agents (all but the single model of centralized SGD), in {@link Method} order. */
    static List<String> defaultMethods() {
        return Arrays.stream(Method.values()).filter(m -> !m.singleModel()).map(Method::id).toList();
    }

    /** One method's finished epochs, and why it stopped early (null when it finished). */
    record Outcome(List<EpochMetrics> epochs, String stopped) { }

    @Override
    public Integer call() throws IOException {
        TrainConfig base = options.resolve();
        methods.forEach(Method::parse);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Outcome> results = new LinkedHashMap<>();
        List<TrainConfig> runs = methods.stream().map(m -> base.copy().set("method", m).set("name", base.name() + "-" + m)
                .set("output", Path.of(base.output(), base.name()).toString())).toList();
        try (RunBuilder builder = new RunBuilder();
             Dashboard dashboard = dashboardOptions.open("compare " + base.name(), runs, builder, out)) {
            TrainingSession session = new TrainingSession(builder);
            for (int i = 0; i < runs.size(); i++) {
                String m = methods.get(i);
                TrainConfig c = runs.get(i);
                out.println();
                List<EpochMetrics> epochs = new ArrayList<>();
                TrainingListener collect = new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics e) {
                        epochs.add(e);
                    }
                };
                List<TrainingListener> listeners = new ArrayList<>(List.of(new ConsoleListener(out, false), collect));
                if (dashboard != null) {
                    listeners.add(dashboard.begin(i));
                }
                String stopped = null;
                try {
                    session.run(c, listeners);
                    if (dashboard != null) {
                        dashboard.runs().ended(i);
                    }
                } catch (TrainingDivergedException e) {
                    stopped = "diverged at step " + e.step() + " (agent " + e.agent() + ")";
                    out.println(Method.parse(m).id() + ": " + stopped + "; the other methods go on");
                    if (dashboard != null) {
                        dashboard.runs().diverged(i, stopped);
                    }
                } catch (RuntimeException e) {
                    if (dashboard != null) {
                        dashboard.runs().failCurrent(Errors.describe(e));
                    }
                    throw e;
                }
                results.put(Method.parse(m).id(), new Outcome(epochs, stopped));
            }
            report(results, base, out);
            dashboardOptions.linger(dashboard, out);
        }
        return 0;
    }

    /** The two tables, printed and written to {@code compare.md}. */
    private static void report(Map<String, Outcome> results, TrainConfig base, PrintWriter out) throws IOException {
        String summary = summary(results).render();
        String perEpoch = perEpoch(results).render();
        out.println();
        out.println("Final epoch, same seed, data and network:");
        out.print(summary);
        out.println();
        out.println("Test accuracy of the averaged model per epoch:");
        out.print(perEpoch);
        Path dir = Path.of(base.output(), base.name());
        AtomicFiles.writeString(dir.resolve("compare.md"), "# " + base.name() + "\n\n" + summary + "\n" + perEpoch);
        out.println("tables written to " + dir.resolve("compare.md"));
        out.flush();
    }

    static TextTable summary(Map<String, Outcome> results) {
        TextTable t = new TextTable(List.of("method", "test acc x̄", "best acc x̄", "agent acc mean", "consensus dist",
                "predict frac", "stale removed", "late frac", "s/epoch", "sim time", "status"));
        results.forEach((method, o) -> {
            List<EpochMetrics> epochs = o.epochs();
            String status = o.stopped() == null ? "ok" : o.stopped();
            if (epochs.isEmpty()) {
                List<String> row = new ArrayList<>(List.of(method));
                for (int k = 0; k < 9; k++) {
                    row.add("-");
                }
                row.add(status);
                t.add(row);
                return;
            }
            EpochMetrics last = epochs.get(epochs.size() - 1);
            double best = epochs.stream().mapToDouble(EpochMetrics::testAccuracy).max().orElse(Double.NaN);
            double wall = epochs.stream().mapToDouble(EpochMetrics::wallSeconds).average().orElse(Double.NaN);
            t.add(List.of(method, TextTable.fmt(last.testAccuracy(), 4), TextTable.fmt(best, 4),
                    TextTable.fmt(last.scalar(StandardMetrics.AGENT_ACCURACY_MEAN), 4),
                    TextTable.fmt(last.consensusDistance(), 4),
                    TextTable.fmt(last.scalar(StandardMetrics.PREDICT_FRACTION), 3),
                    TextTable.fmt(last.scalar(StandardMetrics.STALENESS_REMOVED), 3),
                    TextTable.fmt(last.scalar(StandardMetrics.LATE_FRACTION), 3),
                    TextTable.fmt(wall, 1), TextTable.fmt(last.scalar(StandardMetrics.SIMULATED_TIME), 0),
                    status + (o.stopped() != null ? " after epoch " + last.epoch() : "")));
        });
        return t;
    }

    static TextTable perEpoch(Map<String, Outcome> results) {
        List<String> header = new ArrayList<>(List.of("epoch"));
        header.addAll(results.keySet());
        TextTable t = new TextTable(header);
        int epochs = results.values().stream().mapToInt(o -> o.epochs().size()).max().orElse(0);
        for (int e = 0; e < epochs; e++) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(e + 1)));
            for (Outcome o : results.values()) {
                row.add(e < o.epochs().size() ? TextTable.fmt(o.epochs().get(e).testAccuracy(), 4) : "-");
            }
            t.add(row);
        }
        return t;
    }
}
