package pcasgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pcasgd.algorithm.Method;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;
import pcasgd.experiment.TrainingSession;
import pcasgd.report.AtomicFiles;
import pcasgd.report.TextTable;
import pcasgd.runtime.EpochMetrics;

/** {@code pcasgd compare}: several methods on the same seed, data and network, one table. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run several methods with the same config and seed; print and save one table side by side.")
final class CompareCommand implements Callable<Integer> {
    static final String DEFAULT_METHODS = "pc-asgd,pc-asgd-pv,predict-only,clip-only,stale-dsgd,dsgd";

    @Mixin ConfigOptions options;
    @Spec CommandSpec spec;

    @Option(names = "--methods", split = ",", description = "methods to compare (default: " + DEFAULT_METHODS + ")")
    List<String> methods = new ArrayList<>(List.of(DEFAULT_METHODS.split(",")));

    @Override
    public Integer call() throws IOException {
        TrainConfig base = options.resolve();
        methods.forEach(Method::parse);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, List<EpochMetrics>> results = new LinkedHashMap<>();
        try (RunBuilder builder = new RunBuilder()) {
            TrainingSession session = new TrainingSession(builder);
            for (String m : methods) {
                TrainConfig c = base.copy().set("method", m).set("name", base.name() + "-" + m)
                        .set("output", Path.of(base.output(), base.name()).toString());
                out.println();
                results.put(Method.parse(m).id(), session.run(c, List.of(new ConsoleListener(out, false))));
            }
        }
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
        return 0;
    }

    static TextTable summary(Map<String, List<EpochMetrics>> results) {
        TextTable t = new TextTable(List.of("method", "test acc x̄", "best acc x̄", "agent acc mean", "consensus dist",
                "predict frac", "late frac", "s/epoch", "sim time"));
        results.forEach((method, epochs) -> {
            EpochMetrics last = epochs.get(epochs.size() - 1);
            double best = epochs.stream().mapToDouble(EpochMetrics::testAccuracy).max().orElse(Double.NaN);
            double wall = epochs.stream().mapToDouble(EpochMetrics::wallSeconds).average().orElse(Double.NaN);
            t.add(List.of(method, TextTable.fmt(last.testAccuracy(), 4), TextTable.fmt(best, 4),
                    TextTable.fmt(last.meanAgentAccuracy(), 4), TextTable.fmt(last.consensusDistance(), 4),
                    TextTable.fmt(last.predictFraction(), 3), TextTable.fmt(last.lateFraction(), 3),
                    TextTable.fmt(wall, 1), TextTable.fmt(last.simulatedTime(), 0)));
        });
        return t;
    }

    static TextTable perEpoch(Map<String, List<EpochMetrics>> results) {
        List<String> header = new ArrayList<>(List.of("epoch"));
        header.addAll(results.keySet());
        TextTable t = new TextTable(header);
        int epochs = results.values().stream().mapToInt(List::size).max().orElse(0);
        for (int e = 0; e < epochs; e++) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(e + 1)));
            for (List<EpochMetrics> r : results.values()) {
                row.add(e < r.size() ? TextTable.fmt(r.get(e).testAccuracy(), 4) : "-");
            }
            t.add(row);
        }
        return t;
    }
}
