package pcasgd.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pcasgd.dashboard.RunReport;
import pcasgd.report.SweepReport;

/** {@code pcasgd report <folder>...}: (re)makes each run or sweep folder's self-contained report.html. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write <folder>/report.html, one file that opens offline:",
                "for a run folder (config.yaml, metrics.csv) the run's charts, graph, events and settings;",
                "for a sweep folder (sweep.csv) every figure plot draws, with its table, the figures left out"
                        + " and the comparison against stale DSGD."})
final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FOLDER",
            description = "a run folder (with config.yaml and metrics.csv) or a sweep folder (with sweep.csv)")
    List<Path> folders;

    @Override
    public Integer call() {
        for (Path f : folders) {
            Path file;
            if (Files.isRegularFile(f.resolve(SweepReport.CSV))) {
                file = SweepReport.writeHtml(f);
            } else if (Files.isRegularFile(f.resolve("metrics.csv")) || Files.isRegularFile(f.resolve("config.yaml"))) {
                file = RunReport.write(f);
            } else {
                throw new IllegalArgumentException(f + (Files.isDirectory(f) ? "" : " (no such folder)")
                        + " is neither a sweep folder nor a run folder: it has no " + SweepReport.CSV + " and no metrics.csv");
            }
            spec.commandLine().getOut().println("wrote " + file);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
