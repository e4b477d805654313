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

    /** Defaults: 127.0.0.1, any free port, no seeds, no agents, no coordinator, plain TCP, 30 s to reach a seed. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().host(host).port(port).seeds(seeds).agentIds(agentIds).coordinator(coordinator)
                .fingerprint(fingerprint).tls(tls).joinTimeout(joinTimeout);
    }

    public String host() { return host; }
    /** 0: any free port. */
    public int port() { return port; }
    /** "host:port" of the seed nodes; empty only for a coordinator that forms the cluster by joining itself. */
    public List<String> seeds() { return seeds; }
    public List<Integer> agentIds() { return agentIds; }
    public boolean coordinator() { return coordinator; }
    /** The settings that must agree across the run's processes, by name. */
    public Map<String, String> fingerprint() { return fingerprint; }
    /** Artery TLS, or null for plain TCP. */
    public TlsSettings tls() { return tls; }
    /** Give up (and exit) when no seed node answers within this long. */
    public Duration joinTimeout() { return joinTimeout; }

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

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder seeds(List<String> v) { seeds = v; return this; }
        public Builder agentIds(List<Integer> v) { agentIds = v; return this; }
        public Builder coordinator(boolean v) { coordinator = v; return this; }
        public Builder fingerprint(Map<String, String> v) { fingerprint = v; return this; }
        public Builder tls(TlsSettings v) { tls = v; return this; }
        public Builder joinTimeout(Duration v) { joinTimeout = v; return this; }

        public NodeSettings build() {
            return new NodeSettings(this);
        }
    }
}
