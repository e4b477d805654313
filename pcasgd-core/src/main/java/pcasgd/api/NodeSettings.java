package pcasgd.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One process of a {@code cluster} run: its address, the seed nodes it joins, the agents it hosts,
 * whether it hosts the coordinator, the settings it presents when it asks to be admitted (its
 * fingerprint: every setting the run's processes must agree on), TLS, and how long it tries to
 * reach a seed node. Immutable; build with {@link #builder()}.
 */
public final class NodeSettings {
    private final String host;
    private final int port;
    private final List<String> seeds;
    private final List<Integer> agentIds;
    private final boolean coordinator;
    private final Map<String, String> fingerprint;
    private final TlsSettings tls;
    private final Duration joinTimeout;

    private NodeSettings(Builder b) {
        host = b.host;
        port = b.port;
        seeds = List.copyOf(b.seeds);
        agentIds = List.copyOf(b.agentIds);
        coordinator = b.coordinator;
        fingerprint = java.util.Collections.unmodifiableMap(new TreeMap<>(b.fingerprint));
        tls = b.tls;
        joinTimeout = b.joinTimeout;
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be given (default 127.0.0.1)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if (agentIds.isEmpty() && !coordinator) {
            throw new IllegalArgumentException("a node must host at least one agent or the coordinator");
        }
        if (seeds.isEmpty() && !coordinator) {
            throw new IllegalArgumentException("at least one seed node host:port is needed");
        }
        if (agentIds.stream().distinct().count() != agentIds.size()) {
            throw new IllegalArgumentException("agent ids must differ, got " + agentIds);
        }
        if (joinTimeout.isNegative() || joinTimeout.isZero()) {
            throw new IllegalArgumentException("the join timeout must be positive, got " + joinTimeout);
        }
    }

    /**
     * A builder with the defaults: 127.0.0.1, any free port, no seeds, no agents, no coordinator,
     * no fingerprint, plain TCP, 30 s to reach a seed.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder().host(host).port(port).seeds(seeds).agentIds(agentIds).coordinator(coordinator)
                .fingerprint(fingerprint).tls(tls).joinTimeout(joinTimeout);
    }

    /**
     * The address the other processes reach this one at (Artery's canonical host name, which it also listens on).
     *
     * @return the host name or IP address (default 127.0.0.1)
     */
    public String host() { return host; }
    /**
     * 0: any free port.
     *
     * @return the TCP port, 0–65535 (default 0)
     */
    public int port() { return port; }
    /**
     * "host:port" of the seed nodes; empty only for a coordinator that forms the cluster by joining itself.
     *
     * @return the seed nodes, unmodifiable
     */
    public List<String> seeds() { return seeds; }
    /**
     * The agents this process hosts, each in [0, n) for a run of n agents; no agent hosted twice.
     *
     * @return the agent ids, unmodifiable; empty only for a coordinator-only process
     */
    public List<Integer> agentIds() { return agentIds; }
    /**
     * Whether this process hosts the run's coordinator, which admits the processes, collects every
     * epoch's metrics and x̄, and returns the run's result (by convention the process of agent 0).
     *
     * @return whether it hosts the coordinator (default false)
     */
    public boolean coordinator() { return coordinator; }
    /**
     * The settings that must agree across the run's processes, by name.
     *
     * @return the fingerprint, unmodifiable, sorted by name; empty (the default) lets
     *         {@link PcAsgd#startNode} present the plan's own
     */
    public Map<String, String> fingerprint() { return fingerprint; }
    /**
     * Artery TLS, or null for plain TCP.
     *
     * @return the TLS settings, or null (the default)
     */
    public TlsSettings tls() { return tls; }
    /**
     * Give up (and exit) when no seed node answers within this long.
     *
     * @return the timeout, positive (default 30 s)
     */
    public Duration joinTimeout() { return joinTimeout; }

    /**
     * Collects {@link NodeSettings}; every setter returns this builder, and {@link #build()} checks
     * the values.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private List<String> seeds = List.of();
        private List<Integer> agentIds = List.of();
        private boolean coordinator;
        private Map<String, String> fingerprint = Map.of();
        private TlsSettings tls;
        private Duration joinTimeout = Duration.ofSeconds(30);

        private Builder() { }

        /**
         * The address the other processes reach this one at: a host name or IP address they can
         * resolve and connect to (not a wildcard address such as 0.0.0.0).
         *
         * @param v the host (default 127.0.0.1, which only processes on this machine reach)
         * @return this builder
         */
        public Builder host(String v) { host = v; return this; }
        /**
         * The TCP port this process listens on.
         *
         * @param v 0–65535; 0 (the default) takes any free port
         * @return this builder
         */
        public Builder port(int v) { port = v; return this; }
        /**
         * The seed nodes this process joins the cluster through, each {@code host:port}. Needed unless this process hosts the coordinator, which with no
         * seeds forms the cluster by joining itself.
         *
         * @param v the seed nodes (default none)
         * @return this builder
         */
        public Builder seeds(List<String> v) { seeds = v; return this; }
        /**
         * The agents this process hosts.
         *
         * @param v distinct ids in [0, n) for a run of n agents; may be empty (the default) only
         *          when the process hosts the coordinator
         * @return this builder
         */
        public Builder agentIds(List<Integer> v) { agentIds = v; return this; }
        /**
         * Whether this process hosts the run's coordinator; one process of a run does, by
         * convention the process of agent 0.
         *
         * @param v whether to host it (default false)
         * @return this builder
         */
        public Builder coordinator(boolean v) { coordinator = v; return this; }
        /**
         * The settings this process presents when it asks to be admitted, by name; the coordinator
         * refuses a process whose settings differ from its own and names the differences.
         *
         * @param v the fingerprint; empty (the default) lets {@link PcAsgd#startNode} present the
         *          plan's own
         * @return this builder
         */
        public Builder fingerprint(Map<String, String> v) { fingerprint = v; return this; }
        /**
         * Mutually authenticated TLS between the processes; the run's processes use it all or none.
         *
         * @param v the TLS settings, or null for plain TCP (the default)
         * @return this builder
         */
        public Builder tls(TlsSettings v) { tls = v; return this; }
        /**
         * How long this process tries to reach a seed node before it gives up and exits.
         *
         * @param v the timeout, positive (default 30 s)
         * @return this builder
         */
        public Builder joinTimeout(Duration v) { joinTimeout = v; return this; }

        /**
         * The settings, checked.
         *
         * @return the settings
         * @throws IllegalArgumentException if the host is blank, the port outside 0–65535, an agent
         *         id repeated, the timeout not positive, or the process hosts neither an agent nor the
         *         coordinator, or has no seed node without hosting the coordinator
         */
        public NodeSettings build() {
            return new NodeSettings(this);
        }
    }
}
