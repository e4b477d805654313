package pcasgd.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import pcasgd.report.TextTable;
import pcasgd.runtime.EpochMetrics;
import pcasgd.runtime.RunInfo;
import pcasgd.runtime.TrainingListener;

/** Prints the run's header, one table row per epoch, warnings, and a progress bar on a terminal. */
final class ConsoleListener implements TrainingListener {
    static final List<String> COLUMNS = List.of("epoch", "train loss", "test acc x̄", "agent acc mean [min, max]",
            "consensus", "predict", "corr/step", "late", "s/epoch");

    private final PrintWriter out;
    private final StepProgressBar bar;

    ConsoleListener(PrintWriter out, boolean progress) {
        this.out = out;
        this.bar = progress ? new StepProgressBar(null, false) : null;
    }

    @Override
    public void onStart(RunInfo info) {
        out.printf(Locale.ROOT, "%s: %d agents, %s, e2(W) = %.4f, delays: %s, %d parameters, %d epochs x %d steps%n",
                info.method(), info.agents(), info.topology(), info.e2(), info.delays(), info.dimension(),
                info.epochs(), info.stepsPerEpoch());
        out.println(header());
        out.flush();
        if (bar != null) {
            bar.onStart(info);
        }
    }

    @Override
    public void onStep(long done, long total) {
        if (bar != null) {
            bar.onStep(done, total);
        }
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        out.println(row(m));
        out.flush();
    }

    @Override
    public void onWarning(String message) {
        out.println("warning: " + message);
        out.flush();
    }

    @Override
    public void onFinish() {
        if (bar != null) {
            bar.onFinish();
        }
    }

    static String header() {
        return new TextTable(COLUMNS).render().stripTrailing();
    }

    static String row(EpochMetrics m) {
        String agents = m.agentAccuracy().length == 0 ? "-"
                : String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", m.meanAgentAccuracy(), m.minAgentAccuracy(), m.maxAgentAccuracy());
        return TextTable.line(COLUMNS, List.of(Integer.toString(m.epoch()), TextTable.fmt(m.trainLoss(), 4),
                TextTable.fmt(m.testAccuracy(), 4), agents, TextTable.fmt(m.consensusDistance(), 4),
                TextTable.fmt(m.predictFraction(), 3), TextTable.fmt(m.correctionRatio(), 4),
                TextTable.fmt(m.lateFraction(), 3), TextTable.fmt(m.wallSeconds(), 1)));
    }
}
