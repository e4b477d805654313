package pcasgd.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.Metric;
import pcasgd.report.TextTable;
import pcasgd.metrics.RunInfo;
import pcasgd.metrics.TrainingListener;

/**
 * Prints the run's header, one table row per epoch (every metric that has a console title, so a
 * new metric shows up by giving it one), warnings, and a progress bar on a terminal.
 */
final class ConsoleListener implements TrainingListener {
    private final PrintWriter out;
    private final StepProgressBar bar;
    private final List<String> names = new ArrayList<>();
    private final List<String> columns = new ArrayList<>();

    ConsoleListener(PrintWriter out, boolean progress) {
        this.out = out;
        this.bar = progress ? new StepProgressBar(null, false) : null;
    }

    @Override
    public void onStart(RunInfo info) {
        names.clear();
        columns.clear();
        columns.add("epoch");
        for (Metric m : info.metrics().metrics()) {
            if (m.title() != null) {
                names.add(m.name());
                columns.add(m.title());
            }
        }
        columns.add("s/epoch");
        out.printf(Locale.ROOT, "%s: %d agents, %s, e2(W) = %.4f, delays: %s, %d parameters, %d epochs x %d steps%n",
                info.method(), info.agents(), info.topology(), info.e2(), info.delays(), info.dimension(),
                info.epochs(), info.stepsPerEpoch());
        out.println(new TextTable(columns).render().stripTrailing());
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
        List<String> cells = new ArrayList<>();
        cells.add(Integer.toString(m.epoch()));
        for (String name : names) {
            cells.add(TextTable.fmt(m.scalar(name), 4));
        }
        cells.add(TextTable.fmt(m.wallSeconds(), 1));
        out.println(TextTable.line(columns, cells));
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
}
