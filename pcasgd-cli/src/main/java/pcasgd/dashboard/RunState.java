package pcasgd.dashboard;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import pcasgd.algorithm.Method;
import pcasgd.api.Topology;
import pcasgd.delay.DelayModel;
import pcasgd.experiment.ConfigFiles;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.LiveProgress;
import pcasgd.metrics.MetricValue;
import pcasgd.metrics.RunInfo;
import pcasgd.topology.Graph;

/**
 * What the dashboard knows about one run: its settings and communication graph (known before it
 * starts), the step counter, every finished epoch's metrics, and a log of events. Fed by
 * {@link DashboardListener} (live) or read back from a run folder ({@link RunReport}); read by the
 * page (as {@link #json()}), by {@code /metrics} ({@link PrometheusText}) and by {@code report.html}.
 * Thread-safe: the run's threads write while the server's threads read.
 */
public final class RunState {
    /** Where a run is: waiting for its first step, training, or ended (all epochs, early stop, or error). */
    public enum Status { WAITING, RUNNING, FINISHED, STOPPED, FAILED }

    /** One line of the event log; {@code epochMillis} is -1 where the time is not known (a run read back from its files). */
    public record Event(long epochMillis, String kind, String text) { }

    /** Where one process of a multi-process run is. */
    public enum ProcessStatus { RUNNING, EXITED, FINISHED }

    /**
     * One process of a multi-process run: its index, the agent ids it hosts, its OS pid, and whether
     * it runs, exited with a non-zero status ({@code exitCode}), or finished (status 0).
     */
    public record ProcessInfo(int index, List<Integer> agents, long pid, ProcessStatus status, Integer exitCode) {
        public ProcessInfo {
            agents = List.copyOf(agents);
        }

        /** "process 2 (agents 4, 5)" */
        public String label() {
            return "process " + index + " (" + (agents.isEmpty() ? "no agents"
                    : (agents.size() == 1 ? "agent " : "agents ") + String.join(", ", agents.stream().map(String::valueOf).toList())) + ")";
        }
    }

    static final int MAX_EVENTS = 500;
    private static final long RATE_SAMPLE_NANOS = 250_000_000L;
    private static final long RATE_WINDOW_NANOS = 5_000_000_000L;
    static final int DELAY_SAMPLE_STEPS = 64;

    private final String name;
    private final String runtime;
    private final String topology;
    private final int agents;
    private final List<int[]> links;
    private final String configYaml;
    private final LongSupplier nanos;
    private final LongSupplier millis;

    /** Rows and columns of a torus, to draw it as a grid; null for other graphs. */
    private int[] grid;
    /** Per link (in {@link #links} order) its configured delay each way, in steps (simulator); null where unknown. */
    private List<double[]> linkDelays;
    private String method;
    private int epochsPlanned;
    private int stepsPerEpoch;
    private Status status = Status.WAITING;
    private volatile long stepsDone;
    private volatile long stepsTotal;
    private long startNanos = -1;
    private long endNanos = -1;
    private long startMillis = -1;
    private final List<EpochMetrics> epochs = new ArrayList<>();
    /** The run's processes by index (multi-process runs only; empty otherwise). */
    private final Map<Integer, ProcessInfo> processes = new java.util.TreeMap<>();
    /** What the processes panel shows and what not, e.g. only this process; null: nothing to add. */
    private String processesNote;
    /** The actor runtimes' latest word on each agent, link and (cluster runs) process; null until one came. */
    private LiveProgress live;
    private final Deque<Event> events = new ArrayDeque<>();
    private final Deque<long[]> rateSamples = new ArrayDeque<>();
    private volatile long lastSampleNanos;
    private volatile long version;
    /** Changes with epochs, events and status only (not with the step counter). */
    private volatile long contentVersion;
    /** Told of every change after it is made (the {@link RunList} this run belongs to); null: nobody. */
    private volatile Watcher watcher;

    /** Told of a run's changes: {@code content} when epochs, events or the status changed, not only the step counter. */
    interface Watcher {
        void changed(boolean content);
    }

    public RunState(String name, String runtime, String method, String topology, int agents, List<int[]> links,
                    String configYaml, int epochsPlanned) {
        this(name, runtime, method, topology, agents, links, configYaml, epochsPlanned, System::nanoTime, System::currentTimeMillis);
    }

    /** With explicit clocks, for tests. */
    RunState(String name, String runtime, String method, String topology, int agents, List<int[]> links,
             String configYaml, int epochsPlanned, LongSupplier nanos, LongSupplier millis) {
        this.name = name;
        this.runtime = runtime;
        this.method = method;
        this.topology = topology;
        this.agents = agents;
        this.links = links.stream().map(int[]::clone).toList();
        this.configYaml = configYaml;
        this.epochsPlanned = epochsPlanned;
        this.nanos = nanos;
        this.millis = millis;
        this.lastSampleNanos = nanos.getAsLong() - RATE_SAMPLE_NANOS;
    }

    /** The state of a run of {@code c} before it starts: its graph as the run draws it, its settings as config.yaml holds them. */
    public static RunState of(TrainConfig c) {
        List<int[]> links = List.of();
        int[] grid = null;
        List<double[]> delays = null;
        boolean communicates;
        try {
            communicates = Method.parse(c.method()).communicates();
        } catch (IllegalArgumentException e) {
            communicates = true;
        }
        if (communicates && c.agents() > 1) {
            try {
                Graph g = Topology.named(c.topology(), c.agents(), c.edgeProbability()).graph(c.seed());
                links = g.edges();
                java.util.regex.Matcher m = TORUS.matcher(g.name());
                if (m.matches()) {
                    grid = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
                }
                if (c.runtime().equals("sim")) {
                    delays = configuredDelays(RunBuilder.delaySpec(c).build(g), links);
                }
            } catch (RuntimeException e) {
                // no graph (or no delays) to show; the run itself reports the error
            }
        }
        RunState s = new RunState(c.name(), c.runtime(), c.method(), c.topology(), c.agents(), links,
                ConfigFiles.toYaml(c.toMap()), c.epochs());
        s.grid = grid;
        s.linkDelays = delays;
        return s;
    }

    /** Steps averaged over the first {@link #DELAY_SAMPLE_STEPS} steps, each way, per link: what the simulator's delay model sets. */
    static List<double[]> configuredDelays(DelayModel model, List<int[]> links) {
        List<double[]> out = new ArrayList<>(links.size());
        for (int[] l : links) {
            double ab = 0;
            double ba = 0;
            for (long k = 0; k < DELAY_SAMPLE_STEPS; k++) {
                ab += model.delay(l[0], l[1], k);
                ba += model.delay(l[1], l[0], k);
            }
            out.add(new double[] {ab / DELAY_SAMPLE_STEPS, ba / DELAY_SAMPLE_STEPS});
        }
        return out;
    }

    private static final java.util.regex.Pattern TORUS = java.util.regex.Pattern.compile("torus\\((\\d+)x(\\d+)\\)");

    /** The same run before it starts, with the settings' text as given (e.g. a run folder's config.yaml). */
    RunState withConfigText(String yaml) {
        RunState s = new RunState(name, runtime, method, topology, agents, links, yaml, epochsPlanned);
        s.grid = grid == null ? null : grid.clone();
        s.linkDelays = linkDelays;
        return s;
    }

    // ---- written by the run ----

    public synchronized void start(RunInfo info) {
        method = info.method();
        epochsPlanned = info.epochs();
        stepsPerEpoch = info.stepsPerEpoch();
        stepsTotal = (long) info.epochs() * info.stepsPerEpoch();
        status = Status.RUNNING;
        startNanos = nanos.getAsLong();
        startMillis = millis.getAsLong();
        rateSamples.clear();
        rateSamples.add(new long[] {startNanos, 0});
        lastSampleNanos = startNanos;
        event("start", String.format(java.util.Locale.ROOT, "%s on %d agents (%s), %d epochs of %d steps",
                info.method(), info.agents(), info.topology(), info.epochs(), info.stepsPerEpoch()));
    }

    /** Called after every step: cheap unless a rate sample is due (every 250 ms). */
    public void step(long done, long total) {
        if (done > stepsDone) {
            stepsDone = done;
        }
        stepsTotal = total;
        long now = nanos.getAsLong();
        if (now - lastSampleNanos >= RATE_SAMPLE_NANOS) {
            synchronized (this) {
                lastSampleNanos = now;
                rateSamples.addLast(new long[] {now, stepsDone});
                while (rateSamples.size() > 2 && now - rateSamples.peekFirst()[0] > RATE_WINDOW_NANOS) {
                    rateSamples.removeFirst();
                }
                changed(false);
            }
        }
    }

    public synchronized void epoch(EpochMetrics m) {
        epochs.add(m);
        if (m.step() > stepsDone) {
            stepsDone = m.step();
        }
        event("epoch", epochText(m));
    }

    public synchronized void warning(String message) {
        event("warning", message);
    }

    /** The run ended: all epochs done, or it stopped early. */
    public synchronized void finish() {
        if (status == Status.FAILED || endNanos >= 0) {
            return;
        }
        endNanos = nanos.getAsLong();
        status = epochs.size() >= epochsPlanned ? Status.FINISHED : Status.STOPPED;
        event("finish", status == Status.FINISHED ? "run finished" : "run stopped after " + epochs.size() + " of " + epochsPlanned + " epochs");
    }

    public synchronized void fail(String message) {
        if (endNanos < 0) {
            endNanos = nanos.getAsLong();
        }
        status = Status.FAILED;
        event("error", message);
    }

    /** A process of the run started (or is known to run): shown as running. */
    public synchronized void processStarted(int index, List<Integer> agentIds, long pid) {
        ProcessInfo p = new ProcessInfo(index, agentIds, pid, ProcessStatus.RUNNING, null);
        processes.put(index, p);
        event("process", p.label() + " started, pid " + pid);
    }

    /**
     * A process ended with {@code exitCode}: 0 is finished, anything else exited (an event says so).
     * Only its first end counts; an unknown index is ignored.
     */
    public synchronized void processEnded(int index, int exitCode) {
        ProcessInfo p = processes.get(index);
        if (p == null || p.status() != ProcessStatus.RUNNING) {
            return;
        }
        ProcessInfo q = new ProcessInfo(index, p.agents(), p.pid(), exitCode == 0 ? ProcessStatus.FINISHED : ProcessStatus.EXITED, exitCode);
        processes.put(index, q);
        event(exitCode == 0 ? "process" : "process-exit", q.label() + (exitCode == 0 ? " finished" : " exited with status " + exitCode));
    }

    /**
     * Where the agents, links and processes of an actor run stand now. The step counter follows the
     * slowest agent still reachable (an epoch closes once every agent has passed its end).
     */
    public synchronized void progress(LiveProgress p) {
        live = p;
        long slowest = p.agents().stream().filter(a -> !LiveProgress.UNREACHABLE.equals(a.state()))
                .mapToLong(LiveProgress.Agent::step).min().orElse(-1);
        if (status == Status.RUNNING && slowest > stepsDone) {
            step(slowest, stepsTotal);
        }
        changed(false);
    }

    /** The actor runtimes' latest progress; null where none came (the simulator, or before the first). */
    public synchronized LiveProgress live() {
        return live;
    }

    /** A line the page shows under the processes, e.g. what it cannot know. */
    public synchronized void processesNote(String note) {
        processesNote = note;
        changed(true);
    }

    public synchronized List<ProcessInfo> processes() {
        return List.copyOf(processes.values());
    }

    public synchronized String processesNote() {
        return processesNote;
    }

    /** A finished run read back from its files (no clock, no live counters). */
    synchronized void restore(List<EpochMetrics> done, int stepsPerEpoch) {
        epochs.clear();
        epochs.addAll(done);
        this.stepsPerEpoch = stepsPerEpoch;
        stepsTotal = (long) epochsPlanned * stepsPerEpoch;
        stepsDone = done.isEmpty() ? 0 : done.get(done.size() - 1).step();
        status = done.size() >= epochsPlanned ? Status.FINISHED : Status.STOPPED;
        events.clear();
        for (EpochMetrics m : done) {
            events.addLast(new Event(-1, "epoch", epochText(m)));
        }
        events.addLast(new Event(-1, "finish", status == Status.FINISHED ? "run finished"
                : "run stopped after " + done.size() + " of " + epochsPlanned + " epochs"));
        changed(true);
    }

    private String epochText(EpochMetrics m) {
        return String.format(java.util.Locale.ROOT, "epoch %d/%d: test accuracy of x̄ %.4f, test loss %.4f",
                m.epoch(), epochsPlanned, m.testAccuracy(), m.testLoss());
    }

    synchronized void event(String kind, String text) {
        events.addLast(new Event(millis.getAsLong(), kind, text));
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
        changed(true);
    }

    /** Counts a change, wakes the event streams waiting on this run and tells its watcher. Called holding this lock. */
    private void changed(boolean content) {
        version++;
        if (content) {
            contentVersion++;
        }
        notifyAll();
        Watcher w = watcher;
        if (w != null) {
            w.changed(content);
        }
    }

    /** {@code w} is told of every change from now on (one watcher: the run list the run belongs to). */
    void watch(Watcher w) {
        watcher = w;
    }

    // ---- read by the page, /metrics and the report ----

    public String name() {
        return name;
    }

    public String runtime() {
        return runtime;
    }

    public synchronized String method() {
        return method;
    }

    public String topology() {
        return topology;
    }

    public int agents() {
        return agents;
    }

    public List<int[]> links() {
        return links;
    }

    /** Each link's configured delay each way (simulator runs), null where not known. */
    public List<double[]> linkDelays() {
        return linkDelays;
    }

    public String configYaml() {
        return configYaml;
    }

    public synchronized Status status() {
        return status;
    }

    public long stepsDone() {
        return stepsDone;
    }

    public long stepsTotal() {
        return stepsTotal;
    }

    public synchronized int epochsPlanned() {
        return epochsPlanned;
    }

    public synchronized List<EpochMetrics> epochs() {
        return List.copyOf(epochs);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public long version() {
        return version;
    }

    /** Changes when epochs, events or the status change; steps alone change only {@link #version()}. */
    public long contentVersion() {
        return contentVersion;
    }

    /** The counters alone, for updates between epochs: status, steps, step rate, elapsed time. */
    public synchronized String progressJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        m.put("stepsDone", stepsDone);
        m.put("stepsTotal", stepsTotal);
        m.put("stepRate", stepRate());
        m.put("elapsedSeconds", elapsedSeconds());
        putLive(m);
        m.put("version", version);
        return Json.write(m);
    }

    /** Steps per second over the last few seconds while running; 0 once the run ended or before it started. */
    public synchronized double stepRate() {
        if (status != Status.RUNNING || rateSamples.isEmpty()) {
            return 0;
        }
        long[] first = rateSamples.peekFirst();
        long now = nanos.getAsLong();
        long done = stepsDone;
        double seconds = (now - first[0]) / 1e9;
        return seconds <= 0 ? 0 : (done - first[1]) / seconds;
    }

    /** Seconds since the first step (to the end, once ended); NaN when the run has not started here. */
    public synchronized double elapsedSeconds() {
        if (startNanos < 0) {
            return Double.NaN;
        }
        return ((endNanos >= 0 ? endNanos : nanos.getAsLong()) - startNanos) / 1e9;
    }

    /** Blocks until the state changes past {@code seen} or {@code timeoutMillis} pass; the version then. */
    public synchronized long awaitChange(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (version == seen) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return version;
    }

    /** The whole state as the page reads it (see dashboard.js). */
    public String json() {
        return Json.write(jsonMap());
    }

    /** {@link #json()} before it is written, so a run list can add to it. */
    synchronized Map<String, Object> jsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("method", method);
        m.put("runtime", runtime);
        m.put("topology", topology);
        m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        m.put("agents", agents);
        m.put("links", links.stream().map(l -> new int[] {l[0], l[1]}).toList());
        m.put("grid", grid);
        m.put("linkDelays", linkDelays);
        m.put("stepsDone", stepsDone);
        m.put("stepsTotal", stepsTotal);
        m.put("stepsPerEpoch", stepsPerEpoch);
        m.put("epochsPlanned", epochsPlanned);
        m.put("stepRate", stepRate());
        m.put("elapsedSeconds", elapsedSeconds());
        m.put("startedAt", startMillis < 0 ? null : Instant.ofEpochMilli(startMillis).toString());
        List<Object> eps = new ArrayList<>();
        for (EpochMetrics e : epochs) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e.epoch());
            row.put("step", e.step());
            row.put("wallSeconds", e.wallSeconds());
            row.put("evalSeconds", e.evalSeconds());
            Map<String, Object> values = new LinkedHashMap<>();
            e.values().forEach((k, v) -> values.put(k, value(v)));
            row.put("values", values);
            eps.add(row);
        }
        m.put("epochs", eps);
        m.put("processes", processes.values().stream().map(p -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("index", p.index());
            x.put("agents", p.agents());
            x.put("pid", p.pid());
            x.put("status", p.status().name().toLowerCase(java.util.Locale.ROOT));
            x.put("exitCode", p.exitCode());
            return x;
        }).toList());
        m.put("processesNote", processesNote);
        putLive(m);
        m.put("events", events.stream().map(ev -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("time", ev.epochMillis() < 0 ? null : Instant.ofEpochMilli(ev.epochMillis()).toString());
            x.put("kind", ev.kind());
            x.put("text", ev.text());
            return x;
        }).toList());
        m.put("config", configYaml);
        m.put("version", version);
        return m;
    }

    /**
     * {@code live}: each agent's step, steps per second and state, and each directed link's copies, mean
     * copy age in steps and bytes per second (null before an actor runtime reported); {@code members}:
     * each process of a cluster run, its address, agents, membership and whether it coordinates.
     */
    private void putLive(Map<String, Object> m) {
        if (live == null) {
            m.put("live", null);
            m.put("members", List.of());
            return;
        }
        // the records' components are the JSON's keys (Json writes NaN as null)
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("agents", live.agents());
        l.put("links", live.links());
        m.put("live", l);
        m.put("members", live.processes());
    }

    /** The test accuracy of x̄ in the last finished epoch; NaN before the first. */
    public synchronized double lastAccuracy() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).testAccuracy();
    }

    private static Object value(MetricValue v) {
        if (!v.isList()) {
            return v.scalar();
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("labels", v.labels());
        l.put("values", v.list());
        return l;
    }
}
