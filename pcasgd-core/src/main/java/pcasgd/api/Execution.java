package pcasgd.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the agents run. Immutable; the {@code with...} methods return changed copies.
 *
 * <ul>
 *   <li>{@link #simulator()}: one JVM and a virtual clock in steps; delays are the run's
 *       {@link pcasgd.delay.DelaySpec}; the same settings and seed give bit-identical metrics
 *       whatever the number of worker threads. The default.</li>
 *   <li>{@link #local()}: one Apache Pekko actor per agent on real threads in this JVM, with real
 *       (or injected, see {@link ClusterSettings}) message delays; results depend on the thread
 *       schedule.</li>
 *   <li>A cluster of processes is started node by node with {@link PcAsgd#startNode}.</li>
 * </ul>
 */
public final class Execution {
    /** The runtime kinds. */
    public enum Kind {
        /** The deterministic simulator. */
        SIMULATOR,
        /** Actors on real threads in this JVM. */
        LOCAL
    }

    private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

    private final Kind kind;
    private final int workers;
    private final ClusterSettings settings;
    private final Duration timeout;
    private final SnapshotProbe snapshots;

    private Execution(Kind kind, int workers, ClusterSettings settings, Duration timeout, SnapshotProbe snapshots) {
        this.kind = kind;
        this.workers = workers;
        this.settings = settings;
        this.timeout = timeout;
        this.snapshots = snapshots;
    }

    /**
     * The simulator, computing as many agents side by side as this machine has processors.
     *
     * @return the simulator execution
     */
    public static Execution simulator() {
        return new Execution(Kind.SIMULATOR, Runtime.getRuntime().availableProcessors(), null, DEFAULT_TIMEOUT, null);
    }

    /**
     * Actors in this JVM with default settings: run id {@code pcasgd}, no injected delay, at most
     * {@link ClusterSettings#DEFAULT_MAX_SKEW} steps ahead of a neighbour, no checkpoints.
     *
     * @return the local execution
     */
    public static Execution local() {
        return local(ClusterSettings.builder("pcasgd").build());
    }

    /**
     * Actors in this JVM with the given settings (injected link delays, slow agents, the skew
     * bound, checkpoints; see {@link ClusterSettings}).
     *
     * @param settings the actor runtime's settings
     * @return the local execution
     */
    public static Execution local(ClusterSettings settings) {
        Objects.requireNonNull(settings, "actor settings");
        return new Execution(Kind.LOCAL, 1, settings, DEFAULT_TIMEOUT, null);
    }

    /**
     * The number of threads the simulator computes agents on; results never depend on it.
     *
     * @param threads at least 1
     * @return a copy with that many workers
     */
    public Execution withWorkers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + threads);
        }
        return new Execution(kind, threads, settings, timeout, snapshots);
    }

    /**
     * How long {@link PcAsgd#run()} waits for a local run before it fails (default 24 hours).
     *
     * @param limit a positive duration
     * @return a copy with that limit
     */
    public Execution withTimeout(Duration limit) {
        Objects.requireNonNull(limit, "timeout");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + limit);
        }
        return new Execution(kind, workers, settings, limit, snapshots);
    }

    /**
     * Hands the agents' parameters to {@code probe} on its wall-clock schedule, which may end the run
     * early (actors in this JVM only: the snapshots carry the agents' own arrays), e.g. to time how
     * long a method takes to reach a target accuracy at a finer grain than an epoch.
     *
     * @param probe the probe
     * @return a copy with the probe
     * @throws IllegalStateException on the simulator, whose time is not a wall clock
     */
    public Execution withSnapshots(SnapshotProbe probe) {
        Objects.requireNonNull(probe, "probe");
        if (kind != Kind.LOCAL) {
            throw new IllegalStateException("snapshots on a wall-clock schedule need the actor runtime: Execution.local()");
        }
        return new Execution(kind, workers, settings, timeout, probe);
    }

    /**
     * The wall-clock snapshot probe of a local run.
     *
     * @return the probe, or null for none
     */
    public SnapshotProbe snapshots() {
        return snapshots;
    }

    /**
     * The runtime kind.
     *
     * @return simulator or local
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Threads the simulator computes agents on.
     *
     * @return the worker count
     */
    public int workers() {
        return workers;
    }

    /**
     * The actor runtime's settings.
     *
     * @return the settings, or null for the simulator
     */
    public ClusterSettings settings() {
        return settings;
    }

    /**
     * How long a local run may take.
     *
     * @return the limit
     */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return kind == Kind.SIMULATOR ? "simulator (" + workers + " workers)" : "local actors (" + settings.describe() + ")";
    }
}
