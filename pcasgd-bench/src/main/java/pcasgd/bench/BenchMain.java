package pcasgd.bench;

import pcasgd.cli.Errors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar target/pcasgd-bench.jar}: the benchmarks, apart from the product's command. */
@Command(name = "pcasgd-bench", mixinStandardHelpOptions = true, version = "pcasgd-bench 0.1.0",
        description = "Benchmarks of pcasgd writing CSV (docs/benchmarks.md).",
        subcommands = {BenchCommand.class, ClusterBenchCommand.class, CommandLine.HelpCommand.class})
public final class BenchMain {
    private BenchMain() { }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a benchmark command and returns the exit code (used by tests, without System.exit). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new BenchMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + Errors.describe(e));
            return 1;
        });
        return cl.execute(args);
    }
}
