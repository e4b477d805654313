package pcasgd.dashboard;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.List;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.TrainingListener;

/**
 * The live dashboard of a command: the {@link RunList} (one run for {@code train}; each run in turn
 * and the list of them for {@code compare} and {@code sweep}), the listener that feeds the run in
 * progress and the server that shows it. After the command, {@link #linger} keeps it up so the final
 * state can be read.
 */
public final class Dashboard implements AutoCloseable {
    /** The port {@code --dashboard} uses without a value (the README's SSH tunnel forwards it). */
    public static final int DEFAULT_PORT = 8080;

    private final RunList runs;
    private final DashboardServer server;

    private Dashboard(RunList runs, DashboardServer server) {
        this.runs = runs;
        this.server = server;
    }

    /**
     * Starts serving a run of {@code c} on {@code bind:port}. When the default port is taken, a free
     * one is used instead (an explicit port that is taken fails).
     */
    public static Dashboard start(TrainConfig c, String bind, int port, boolean portExplicit) throws IOException {
        return start(RunList.of(RunState.of(c)), bind, port, portExplicit);
    }

    /**
     * Starts serving the {@code runs} of one command, in the order they will run ({@code title} names
     * the command), on {@code bind:port} as {@link #start(TrainConfig, String, int, boolean)} does.
     * Each run is shown from {@link #begin(int)}.
     */
    public static Dashboard start(String title, List<TrainConfig> runs, String bind, int port, boolean portExplicit) throws IOException {
        return start(RunList.of(title, runs), bind, port, portExplicit);
    }

    private static Dashboard start(RunList runs, String bind, int port, boolean portExplicit) throws IOException {
        DashboardServer server;
        try {
            server = DashboardServer.start(runs, bind, port);
        } catch (BindException e) {
            if (portExplicit) {
                throw new BindException("dashboard: cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")");
            }
            server = DashboardServer.start(runs, bind, 0);
        }
        return new Dashboard(runs, server);
    }

    /** The listener of the one run ({@code train}). */
    public TrainingListener listener() {
        return new DashboardListener(runs.current());
    }

    /** Run {@code index} of the list starts: the page shows it from now on; the listener feeds it. */
    public TrainingListener begin(int index) {
        return runs.begin(index);
    }

    /** The run the page shows: the one in progress, or the last that ran. */
    public RunState state() {
        return runs.current();
    }

    public RunList runs() {
        return runs;
    }

    public DashboardServer server() {
        return server;
    }

    /**
     * Keeps the page up after the run: until Enter is pressed on a terminal, or for {@code seconds}
     * (whichever comes first; null: until Enter on a terminal, not at all otherwise), or until this
     * thread is interrupted.
     */
    public void linger(Integer seconds, PrintWriter out) {
        boolean terminal = System.console() != null;
        if (seconds == null && !terminal) {
            return;
        }
        long deadline = seconds == null ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
        String how = (terminal ? "until Enter is pressed" : "") + (terminal && seconds != null ? " or " : "")
                + (seconds != null ? "for " + seconds + " s" : "");
        out.println("dashboard: the final state stays at " + server.uri() + " " + how);
        out.flush();
        runs.current().event("linger", "the run's command is done; this page stays " + how);
        try {
            if (terminal) {
                while (System.in.available() > 0) {
                    System.in.read(); // what was typed during the run does not end the wait
                }
            }
            while (System.nanoTime() < deadline) {
                if (terminal && System.in.available() > 0) {
                    int c = System.in.read();
                    if (c == '\n' || c == -1) {
                        return;
                    }
                    continue;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // no usable stdin: the deadline alone ends it
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
