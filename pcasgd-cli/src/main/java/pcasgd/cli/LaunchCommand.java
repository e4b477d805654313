package pcasgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pcasgd.experiment.ActorSettings;
import pcasgd.experiment.ConfigException;
import pcasgd.experiment.ConfigFiles;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.RunDirectory;
import pcasgd.experiment.RunFingerprint;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.TrainingListener;
import pcasgd.api.ClusterNode;
import pcasgd.api.PcAsgd;
import pcasgd.api.TrainingResult;
import pcasgd.api.ClusterSettings;
import pcasgd.api.NodeSettings;
import pcasgd.dashboard.Dashboard;
import pcasgd.dashboard.RunState;

/**
 * {@code pcasgd launch}: a whole cluster run on this machine. This process hosts the coordinator
 * (progress, the per-epoch table, the run directory) and forms the cluster on a free port; it
 * starts {@code --processes} child JVMs, each {@code pcasgd agent} with a block of agent ids, the
 * same resolved config and any free port, and waits for the run. Children's output goes to
 * {@code <run>/launch/process-k.log}; one that dies is reported with its last lines. The same
 * config runs on several hosts with {@code pcasgd agent}.
 */
@Command(name = "launch", mixinStandardHelpOptions = true,
        description = "Run n agents as a Pekko cluster of p local processes (loopback, free ports) and wait for it;"
                + " writes <output>/<name>/ like train.",
        footer = ClusterProcess.EXIT_CODES)
final class LaunchCommand implements Callable<Integer> {
    private static final int LAST_LINES = 15;

    @Mixin ConfigOptions options;
    @Mixin DashboardOptions dashboardOptions;
    @Spec CommandSpec spec;

    @Option(names = {"-p", "--processes"}, description = "agent processes to start (default: one per agent, at most 4)")
    Integer processes;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address every process binds (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--resume", description = "resume every agent from its checkpoint")
    boolean resume;

    @Option(names = "--timeout", defaultValue = "PT24H", description = "give up after this long (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--join-timeout", defaultValue = "PT60S",
            description = "an agent process gives up when it cannot reach this one within this long (default ${DEFAULT-VALUE})")
    Duration joinTimeout;

    @Option(names = "--jvm-option", description = "an option for every agent JVM, e.g. --jvm-option=-Xmx2g (repeatable)")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--progress", negatable = true, description = "progress bar (default: only on a terminal)")
    Boolean progress;

    /** One agent process: its ids, its JVM, its log, and whether its end has been reported. */
    private static final class Child {
        final int index;
        final List<Integer> ids;
        final Process process;
        final Path log;
        boolean reported;

        Child(int index, List<Integer> ids, Process process, Path log) {
            this.index = index;
            this.ids = ids;
            this.process = process;
            this.log = log;
        }

        String name() {
            return "process " + index + " (" + ClusterProcess.agents(ids) + ")";
        }
    }

    @Override
    public Integer call() throws Exception {
        TrainConfig c = options.resolve().set("runtime", "cluster");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int n = c.agents();
        int p = processes != null ? processes : Math.min(n, 4);
        if (p < 1 || p > n) {
            throw new ConfigException("--processes must be 1.." + n + " (one agent at least per process), got " + p);
        }
        if (ProcessLauncher.classPath().isBlank()) {
            throw new IllegalStateException("cannot start agent processes: this JVM's class path is unknown");
        }
        ClusterProcess.clearFinished(c);
        Path runDir = RunDirectory.of(c).path();
        Path launchDir = runDir.resolve("launch");
        Files.createDirectories(launchDir);
        // the children read exactly what this process resolved (file, flags, --set), so their settings agree
        Path childConfig = launchDir.resolve("config.yaml");
        ConfigFiles.write(c, childConfig);
        boolean bar = progress != null ? progress : System.console() != null;
        ClusterSettings s = ActorSettings.from(c, resume);
        List<Child> children = new ArrayList<>();
        Thread killChildren = new Thread(() -> children.forEach(ch -> ch.process.destroyForcibly()), "pcasgd-launch-cleanup");
        Runtime.getRuntime().addShutdownHook(killChildren);
        try (RunBuilder builder = new RunBuilder(); Dashboard dashboard = dashboardOptions.open(c, builder, out)) {
            try {
                EpochProgress tracker = new EpochProgress();
                List<TrainingListener> listeners = new ArrayList<>(List.of(RunDirectory.of(c), new ConsoleListener(out, bar), tracker,
                        ClusterProcess.finishedMarker(c)));
                RunState state = null;
                if (dashboard != null) {
                    listeners.add(dashboard.listener());
                    state = dashboard.state();
                    state.processesNote("This launch's own process (pid " + ProcessHandle.current().pid() + ") hosts the coordinator;"
                            + " the table shows its agent processes, checked every 0.5 s. Their output: " + launchDir);
                }
                PcAsgd plan = builder.training(c, listeners, false);
                NodeSettings node = NodeSettings.builder().host(host).port(0).coordinator(true)
                        .fingerprint(RunFingerprint.of(c, plan.spec()).settings()).tls(ActorSettings.tls(c)).build();
                ClusterNode coordinator = plan.startNode(s, node);
                String seed = coordinator.hostPort();
                List<List<Integer>> blocks = blocks(n, p);
                out.printf(Locale.ROOT, "run '%s': %d agents in %d processes (%s), coordinator at %s; their output: %s%n",
                        s.runId(), n, p, String.join(" | ", blocks.stream().map(ClusterProcess::agents).toList()), seed, launchDir);
                out.flush();
                for (int k = 0; k < p; k++) {
                    Child child = startChild(k, blocks.get(k), seed, childConfig, launchDir);
                    children.add(child);
                    if (state != null) {
                        state.processStarted(k, child.ids, child.process.pid());
                    }
                }
                LastError errors = new LastError(err);
                int code = supervise(coordinator, children, tracker, errors.writer, state);
                if (code != ClusterProcess.FINISHED && state != null && state.status() != RunState.Status.FAILED) {
                    state.fail(errors.last != null ? errors.last : "the run ended with exit status " + code);
                }
                awaitChildren(children, tracker, err, state);
                if (code == ClusterProcess.FINISHED) {
                    try (TrainingResult r = coordinator.awaitResult(Duration.ofSeconds(1))) {
                        out.printf(Locale.ROOT, "final test accuracy of the averaged model: %.4f; run written to %s%n",
                                r.lastEpoch().testAccuracy(), runDir);
                    }
                }
                out.flush();
                dashboardOptions.linger(dashboard, out);
                return code;
            } catch (RuntimeException e) {
                if (dashboard != null) {
                    dashboard.state().fail(Errors.describe(e));
                }
                throw e;
            }
        } finally {
            children.forEach(ch -> ch.process.destroyForcibly());
            try {
                Runtime.getRuntime().removeShutdownHook(killChildren);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
    }

    /** Contiguous blocks of ids, sizes differing by at most one: 8 agents in 3 processes are 0-2, 3-5, 6-7. */
    static List<List<Integer>> blocks(int n, int p) {
        List<List<Integer>> out = new ArrayList<>();
        int next = 0;
        for (int k = 0; k < p; k++) {
            int size = n / p + (k < n % p ? 1 : 0);
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                ids.add(next++);
            }
            out.add(ids);
        }
        return out;
    }

    private Child startChild(int k, List<Integer> ids, String seed, Path config, Path launchDir) throws IOException {
        Path log = launchDir.resolve("process-" + k + ".log");
        return new Child(k, ids, child(ids, seed, config).logTo(log).start(), log);
    }

    /** {@code pcasgd agent} for one block of ids; the children run like this JVM (its system properties and heap settings). */
    ProcessLauncher child(List<Integer> ids, String seed, Path config) {
        ProcessLauncher child = ProcessLauncher.of(Main.class).inheritJvmOptions().jvmOptions(jvmOptions)
                .args("agent", "--id", String.join(",", ids.stream().map(String::valueOf).toList()),
                        "--seed-nodes", seed, "--host", host, "--port", "0", "--no-coordinator",
                        "--config", config.toString(), "--timeout", timeout.toString(), "--join-timeout", joinTimeout.toString());
        if (resume) {
            child.args("--resume");
        }
        return child;
    }

    /** Waits for the coordinator's node, reporting processes that die; returns the exit status. */
    private int supervise(ClusterNode coordinator, List<Child> children, EpochProgress tracker, PrintWriter err, RunState state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!coordinator.awaitTermination(Duration.ofMillis(500))) {
            reportDead(children, tracker, err, state);
            boolean runEnded = coordinator.runEnded();
            if (tracker.epochs == 0 && children.stream().anyMatch(ch -> !ch.process.isAlive())) {
                // the run starts only when all its agents are present
                err.println("error: an agent process exited before the run started, so it cannot start");
                err.flush();
                coordinator.close();
                return ClusterProcess.FAILED;
            }
            if (!runEnded && children.stream().noneMatch(ch -> ch.process.isAlive())) {
                err.println("error: every agent process has exited, so the run cannot go on (epoch " + (tracker.closed + 1)
                        + " was open)");
                err.flush();
                coordinator.close();
                return ClusterProcess.FAILED;
            }
            if (System.nanoTime() > deadline) {
                err.println("error: the run did not finish within " + timeout + ": " + coordinator.describeWaiting());
                err.flush();
                coordinator.close();
                return ClusterProcess.TIMED_OUT;
            }
        }
        return ClusterProcess.await(coordinator, Duration.ofSeconds(1), "the coordinator", err);
    }

    /** After the run: the children leave on their own; any that hangs is stopped. */
    private void awaitChildren(List<Child> children, EpochProgress tracker, PrintWriter err, RunState state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Child ch : children) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!ch.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                err.println(ch.name() + " did not stop after the run; stopping it");
                ch.process.destroyForcibly();
                ch.process.waitFor(10, TimeUnit.SECONDS);
                ch.reported = true;
            }
        }
        reportDead(children, tracker, err, state);
    }

    /** Reports each child that ended since the last call: to err (a non-zero status, with its last lines) and to the dashboard's state (any). */
    private static void reportDead(List<Child> children, EpochProgress tracker, PrintWriter err, RunState state) {
        for (Child ch : children) {
            if (ch.process.isAlive()) {
                continue;
            }
            if (state != null) {
                state.processEnded(ch.index, ch.process.exitValue());
            }
            if (ch.reported) {
                continue;
            }
            ch.reported = true;
            int status = ch.process.exitValue();
            if (status == 0) {
                continue;
            }
            String when = tracker.epochs == 0 ? " before the run started"
                    : tracker.closed < tracker.epochs ? " during epoch " + (tracker.closed + 1) + "; the run goes on without its agents"
                    : " after the run";
            err.println(ch.name() + " exited with status " + status + when + ". Its last lines (" + ch.log + "):");
            for (String l : lastLines(ch.log)) {
                err.println("    " + l);
            }
            err.flush();
        }
    }

    private static List<String> lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
