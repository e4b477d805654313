package pcasgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pcasgd.io.AtomicFiles;
import pcasgd.report.Charts;
import pcasgd.report.Figure;
import pcasgd.report.SweepReport;
import pcasgd.report.SweepTable;

/** {@code pcasgd plot}: the paper's figures as PNGs, and the tables behind them as Markdown. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw PNG charts (accuracy vs epoch, vs tau, vs agents, PC-ASGD-PV choices, time per epoch)"
                + " from sweep.csv files or run directories; figures the input has no data for are skipped.")
final class PlotCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, split = ",",
            description = "sweep.csv files, run directories, or folders of them (repeatable or comma-separated)")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, description = "folder for <figure>.png and tables.md")
    Path output;

    @Option(names = "--prefix", defaultValue = "", description = "prefix for the file names (e.g. fmnist-)")
    String prefix;

    @Option(names = "--where", description = "keep only runs with this setting, e.g. --where tau=8 (repeatable)")
    Map<String, String> where = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SweepTable table = SweepTable.read(inputs).where(where);
        if (table.runs().isEmpty()) {
            spec.commandLine().getErr().println("error: no finished runs in " + inputs);
            return 1;
        }
        SweepReport report = SweepReport.of(table);
        for (Figure f : report.figures()) {
            Path png = output.resolve(prefix + f.stem() + ".png");
            Charts.writePng(f, png);
            out.println("wrote " + png);
        }
        report.skipped().forEach(s -> out.println(prefix + s));
        String md = report.markdown(inputs + (where.isEmpty() ? "" : " where " + where));
        Path tables = output.resolve(prefix + "tables.md");
        AtomicFiles.writeString(tables, md);
        out.println("wrote " + tables);
        out.flush();
        return 0;
    }
}
