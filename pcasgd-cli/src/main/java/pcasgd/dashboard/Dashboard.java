package pcasgd.dashboard;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.TrainingListener;

/**
 * The live dashboard of one run: its {@link RunState}, the listener that feeds it and the server
 * that shows it. After the run, {@link #linger} keeps it up so the final state can be read.
 */
public final class Dashboard implements AutoCloseable {
    /** The port {@code --dashboard} uses without a value (the README's SSH tunnel forwards it). */
    public static final int DEFAULT_PORT = 8080;

    private final RunState state;
    private final DashboardServer server;

    private Dashboard(RunState state, DashboardServer server) {
        this.state = state;
        this.server = server;
    }

    /**
     * Starts serving a run of {@code c} on {@code bind:port}. When the default port is taken, a free
     * one is used instead (an explicit port that is taken fails).
     */
    public static Dashboard start(TrainConfig c, String bind, int port, boolean portExplicit) throws IOException {
        RunState state = RunState.of(c);
        DashboardServer server;
        try {
            server = DashboardServer.start(state, bind, port);
        } catch (BindException e) {
            if (portExplicit) {
                throw new BindException("dashboard: cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")");
            }
            server = DashboardServer.start(state, bind, 0);
        }
        return new Dashboard(state, server);
    }

    public TrainingListener listener() {
        return new DashboardListener(state);
    }

    public RunState state() {
        return state;
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
        state.event("linger", "the run's command is done; this page stays " + how);
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
