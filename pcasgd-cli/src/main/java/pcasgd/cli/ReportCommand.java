package pcasgd.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pcasgd.dashboard.RunReport;

/** {@code pcasgd report <run folder>...}: (re)makes each folder's self-contained report.html. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write <run folder>/report.html: the run's charts, graph, events and settings in one file that opens offline.")
final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_FOLDER", description = "a run folder (with config.yaml and metrics.csv)")
    List<Path> folders;

    @Override
    public Integer call() {
        for (Path f : folders) {
            Path file = RunReport.write(f);
            spec.commandLine().getOut().println("wrote " + file);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
