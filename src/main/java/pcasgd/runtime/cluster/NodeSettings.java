package pcasgd.runtime.cluster;

import java.util.List;

/**
 * One process of a {@code cluster} run: its address, the seed nodes it joins, the agents it hosts
 * and whether it hosts the coordinator (by convention the process of agent 0; see docs/scaling.md).
 */
public record NodeSettings(String host, int port, List<String> seeds, List<Integer> agentIds, boolean coordinator) {
    public NodeSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be given (default 127.0.0.1)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        seeds = List.copyOf(seeds);
        agentIds = List.copyOf(agentIds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("at least one seed node host:port is needed");
        }
        if (agentIds.isEmpty() && !coordinator) {
            throw new IllegalArgumentException("a node must host at least one agent or the coordinator");
        }
    }
}
