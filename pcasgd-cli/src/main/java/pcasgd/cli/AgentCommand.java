package pcasgd.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pcasgd.experiment.ActorSettings;
import pcasgd.experiment.ConfigException;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.RunDirectory;
import pcasgd.experiment.RunFingerprint;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.TrainingListener;
import pcasgd.api.ClusterNode;
import pcasgd.api.PcAsgd;
import pcasgd.api.ClusterSettings;
import pcasgd.api.NodeSettings;
import pcasgd.dashboard.Dashboard;
import pcasgd.dashboard.RunState;

/**
 * {@code pcasgd agent}: one process of a {@code cluster} run. Every process gets the same config
 * (so all build the same graph, data split and seeds) and its own agent id(s). Every process may
 * host the coordinator (metrics, evaluation of the averaged model) unless started with
 * {@code --no-coordinator}: it runs on the oldest such process, and moves to the next oldest when
 * that one dies or is cut off, which then writes the run's metrics files. The config's {@code runId} (default:
 * its name) names the Pekko actor system, so only processes of the same run can join each other,
 * and the coordinator admits a process only when its settings equal the run's.
 * Runtime settings (maxSkew, linkInFlight, sendEvery, checkpointEvery, TLS, ...) are config keys.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Start one agent process of a Pekko cluster run (loopback by default).",
        footer = ClusterProcess.EXIT_CODES)
public final class AgentCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Mixin DashboardOptions dashboardOptions;
    @Spec CommandSpec spec;

    @Option(names = "--id", split = ",",
            description = "agent id(s) hosted by this process (none: only the coordinator, with --coordinator)")
    List<Integer> ids = new ArrayList<>();

    @Option(names = "--seed-nodes", required = true, split = ",",
            description = "host:port of the seed processes; the first one in the list forms the cluster when no other"
                    + " answers (give every process the same list, so any of them can be restarted)")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind and advertise (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "Artery TCP port (0: any free port)")
    int port;

    @Option(names = "--coordinator", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "may host the coordinator: it runs on the oldest process that may, and moves to the next oldest"
                    + " when that one fails (default: yes; --no-coordinator: never)")
    boolean coordinator;

    @Option(names = "--resume", description = "resume this agent from its checkpoint")
    boolean resume;

    @Option(names = "--timeout", defaultValue = "PT24H", description = "give up after this long (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--join-timeout", defaultValue = "PT30S",
            description = "give up when no seed node answers within this long (default ${DEFAULT-VALUE})")
    Duration joinTimeout;

    @Override
    public Integer call() throws Exception {
        TrainConfig c = options.resolve();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkIds(ids, c.agents());
        boolean hostsCoordinator = coordinator;
        if (ids.isEmpty() && !hostsCoordinator) {
            throw new ConfigException("--id is required: the agent id(s) this process hosts (or --coordinator for a process"
                    + " that only coordinates)");
        }
        if (formsCluster()) {
            ClusterProcess.clearFinished(c); // a new run of this name
        } else {
            Optional<String> done = ClusterProcess.finished(c);
            if (done.isPresent()) {
                err.println("error: " + done.get() + " (" + ClusterProcess.marker(c) + "): there is nothing to join."
                        + " To train it again, start the run's first process (the first seed node, without --resume) first,"
                        + " or use another name");
                err.flush();
                return ClusterProcess.REFUSED;
            }
        }
        if (!hostsCoordinator && dashboardOptions.port != null) {
            throw new ConfigException("--dashboard: a process started with --no-coordinator never knows the run's progress;"
                    + " give it to a process that may coordinate");
        }
        ClusterSettings s = ActorSettings.from(c, resume);
        try (RunBuilder builder = new RunBuilder();
             // the page names this process's runtime: a cluster one, whatever the config's runtime key says
             Dashboard dashboard = hostsCoordinator ? dashboardOptions.open(c.copy().set("runtime", "cluster"), builder, out) : null) {
            List<TrainingListener> listeners = new ArrayList<>();
            if (hostsCoordinator) {
                listeners.add(RunDirectory.of(c));
                listeners.add(new ConsoleListener(out, false));
                listeners.add(ClusterProcess.finishedMarker(c));
            }
            if (dashboard != null) {
                listeners.add(dashboard.listener());
                dashboard.state().processesNote("The run's processes as this process sees them: each member of the cluster,"
                        + " the agents the run admitted it for, and its membership (a process that dies shows as unreachable"
                        + " within seconds, and as gone once it is removed). They, the agents' steps and the epochs show while"
                        + " this process hosts the coordinator (the oldest process that may); this process is pid "
                        + ProcessHandle.current().pid() + ".");
            }
            PcAsgd plan = builder.training(c, listeners, false);
            NodeSettings node = NodeSettings.builder().host(host).port(port).seeds(seeds).agentIds(ids)
                    .coordinator(hostsCoordinator).fingerprint(RunFingerprint.of(c, plan.spec()).settings())
                    .tls(ActorSettings.tls(c)).joinTimeout(joinTimeout).build();
            out.printf("%s of run '%s' joining %s%s%n", ids.isEmpty() ? "coordinator" : "agent(s) " + ids, s.runId(), seeds,
                    hostsCoordinator && !ids.isEmpty() ? " (may coordinate)" : "");
            out.flush();
            ClusterNode n = plan.startNode(s, node);
            LastError errors = new LastError(err);
            int code = ClusterProcess.await(n, timeout, "process " + n.hostPort() + " ("
                    + (ids.isEmpty() ? "coordinator" : ClusterProcess.agents(ids)) + ")", errors.writer);
            if (dashboard != null) {
                RunState state = dashboard.state();
                if (code != ClusterProcess.FINISHED && state.status() != RunState.Status.FAILED) {
                    state.fail(errors.last != null ? errors.last : "this process ended with exit status " + code);
                }
                dashboardOptions.linger(dashboard, out);
            }
            return code;
        }
    }

    /**
     * Whether this process starts the run: the first seed node, not resuming. It clears the finished
     * marker of an earlier run of this name; every other process is refused when it finds one.
     */
    private boolean formsCluster() {
        return !resume && !seeds.isEmpty() && seeds.get(0).trim().equals(host + ":" + port);
    }

    /** Before anything starts: every id must be one of the run's, once. */
    static void checkIds(List<Integer> ids, int agents) {
        for (int id : ids) {
            if (id < 0 || id >= agents) {
                throw new ConfigException("agent id " + id + " is outside 0.." + (agents - 1) + ": the run has " + agents
                        + " agents (config key agents)");
            }
        }
        if (ids.stream().distinct().count() != ids.size()) {
            throw new ConfigException("--id lists an agent twice: " + ids);
        }
    }
}
