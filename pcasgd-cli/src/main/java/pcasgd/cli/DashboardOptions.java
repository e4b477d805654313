package pcasgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;
import pcasgd.dashboard.Dashboard;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;

/**
 * {@code --dashboard[=PORT]}, {@code --dashboard-bind}, {@code --dashboard-linger}: the live page of a
 * run, or of a command's runs ({@code compare}, {@code sweep}) with the list of them.
 */
final class DashboardOptions {
    @Option(names = "--dashboard", arity = "0..1", paramLabel = "PORT", fallbackValue = "-1",
            description = "serve a live page of the run (read-only; for several runs, each in turn and the list of them)"
                    + " on PORT (default " + Dashboard.DEFAULT_PORT + ", or a free port when that one is taken; 0: a free port)")
    Integer port;

    @Option(names = "--dashboard-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "address the dashboard listens on (default: ${DEFAULT-VALUE}, this host only; tunnel with ssh -L)")
    String bind;

    @Option(names = "--dashboard-linger", paramLabel = "SECONDS",
            description = "keep the page up SECONDS after the run, or the last of several (default: until Enter on a terminal, else not at all)")
    Integer linger;

    /** The dashboard when asked for, started and announced; null otherwise. */
    Dashboard open(TrainConfig c, RunBuilder builder, PrintWriter out) throws IOException {
        if (port == null) {
            return null;
        }
        check(c, builder);
        boolean explicit = port >= 0;
        return announce(Dashboard.start(c, bind, explicit ? port : Dashboard.DEFAULT_PORT, explicit), out);
    }

    /** The dashboard of a command's {@code runs} (in the order they will run) when asked for, started and announced; null otherwise. */
    Dashboard open(String title, List<TrainConfig> runs, RunBuilder builder, PrintWriter out) throws IOException {
        if (port == null) {
            return null;
        }
        for (TrainConfig c : runs) {
            check(c, builder);
        }
        boolean explicit = port >= 0;
        return announce(Dashboard.start(title, runs, bind, explicit ? port : Dashboard.DEFAULT_PORT, explicit), out);
    }

    /** A config error is reported before any page is announced. */
    private static void check(TrainConfig c, RunBuilder builder) {
        c.validate();
        builder.algorithm(c);
        RunBuilder.delaySpec(c);
    }

    private Dashboard announce(Dashboard d, PrintWriter out) {
        out.println("dashboard: " + d.server().uri() + (bind.equals("127.0.0.1") || bind.equals("localhost") ? ""
                : " (listening on " + bind + ":" + d.server().port() + ")"));
        out.flush();
        return d;
    }

    void linger(Dashboard d, PrintWriter out) {
        if (d != null) {
            d.linger(linger, out);
        }
    }
}
