package pcasgd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pcasgd}: decentralized training under communication delay. */
@Command(name = "pcasgd", mixinStandardHelpOptions = true, version = "pcasgd 0.1.0",
        description = "Decentralized training with PC-ASGD and its baselines under communication delay.",
        subcommands = {TrainCommand.class, CompareCommand.class, SweepCommand.class, PlotCommand.class, TheoryCommand.class,
                AgentCommand.class, LaunchCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (used by tests, without System.exit). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + Errors.describe(e));
            return 1;
        });
        return cl.execute(args);
    }
}
