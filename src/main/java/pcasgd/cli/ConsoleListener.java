package pcasgd.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import pcasgd.report.TextTable;
import pcasgd.runtime.EpochMetrics;
import pcasgd.runtime.RunInfo;
import pcasgd.runtime.TrainingListener;

/** Prints the run's header, one table row per epoch, warnings, and a progress bar on a terminal. */
final class ConsoleListener implements TrainingListener {
    static final List<String> COLUMNS = List.of("epoch", "train loss", "test acc x̄", "agent acc mean [min, max]",
            "consensus", "predict", "corr/step", "late", "s/epoch");

    private final PrintWriter out;
    private final boolean progress;
    private ProgressBar bar;

    ConsoleListener(PrintWriter out, boolean progress) {
        this.out = out;
        this.progress = progress;
    }

    @Override
    public void onStart(RunInfo info) {
        out.printf(Locale.ROOT, "%s: %d agents, %s, e2(W) = %.4f, delays: %s, %d parameters, %d epochs x %d steps%n",
                info.method(), info.agents(), info.topology(), info.e2(), info.delays(), info.dimension(),
                info.epochs(), info.stepsPerEpoch());
        out.println(header());
        out.flush();
        if (progress) {
            bar = new ProgressBarBuilder().setTaskName(info.method()).setInitialMax((long) info.epochs() * info.stepsPerEpoch())
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
        }
    }

    @Override
    public void onStep(long done, long total) {
        if (bar != null) {
            bar.stepTo(done);
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
            bar.close();
            bar = null;
        }
    }

    static String header() {
        TextTable t = new TextTable(COLUMNS);
        String[] lines = t.render().split("\n");
        return lines[0] + "\n" + lines[1];
    }

    static String row(EpochMetrics m) {
        String agents = m.agentAccuracy().length == 0 ? "-"
                : String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", m.meanAgentAccuracy(), m.minAgentAccuracy(), m.maxAgentAccuracy());
        TextTable t = new TextTable(COLUMNS);
        t.add(List.of(Integer.toString(m.epoch()), TextTable.fmt(m.trainLoss(), 4), TextTable.fmt(m.testAccuracy(), 4),
                agents, TextTable.fmt(m.consensusDistance(), 4), TextTable.fmt(m.predictFraction(), 3),
                TextTable.fmt(m.correctionRatio(), 4), TextTable.fmt(m.lateFraction(), 3), TextTable.fmt(m.wallSeconds(), 1)));
        // pad to the header's widths so rows line up under it
        String[] lines = t.render().split("\n");
        return align(lines[2]);
    }

    private static String align(String line) {
        String[] head = header().split("\n")[0].split("\\|", -1);
        String[] cells = line.split("\\|", -1);
        StringBuilder sb = new StringBuilder("|");
        for (int c = 1; c < cells.length - 1; c++) {
            String cell = cells[c];
            int width = Math.max(head[c].length(), cell.length());
            sb.append(cell).append(" ".repeat(width - cell.length())).append('|');
        }
        return sb.toString();
    }
}
