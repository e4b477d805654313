package pcasgd.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import pcasgd.topology.Graph;

/**
 * Who talks to whom: the agents and the communication graph. Mixing weights are always
 * Metropolis–Hastings weights of the graph (doubly stochastic and symmetric). Immutable.
 *
 * <p>Methods that do not communicate still get their agent count from here: {@code local} runs
 * the agents without edges, and {@code centralized} trains one model on the agents' total batch.
 */
public final class Topology {
    /** The names {@link Graph#named} accepts. */
    private static final List<String> NAMES = List.of("ring", "torus", "complete", "erdos-renyi", "erdős-rényi", "er");

    private final String kind;
    private final int agents;
    private final double edgeProbability;
    private final Graph graph;

    private Topology(String kind, int agents, double edgeProbability, Graph graph) {
        this.kind = kind;
        this.agents = agents;
        this.edgeProbability = edgeProbability;
        this.graph = graph;
    }

    /**
     * A ring: agent i talks to i − 1 and i + 1.
     *
     * @param agents the number of agents (at least 1)
     * @return the topology
     */
    public static Topology ring(int agents) {
        return named("ring", agents, 0);
    }

    /**
     * A 2-D torus of the most square shape for {@code agents}.
     *
     * @param agents the number of agents (at least 1)
     * @return the topology
     */
    public static Topology torus(int agents) {
        return named("torus", agents, 0);
    }

    /**
     * Every agent talks to every other.
     *
     * @param agents the number of agents (at least 1)
     * @return the topology
     */
    public static Topology complete(int agents) {
        return named("complete", agents, 0);
    }

    /**
     * An Erdős–Rényi graph: each edge present with probability {@code p}, drawn from the run's seed
     * (a disconnected draw is redrawn from a derived seed, so the graph is always connected).
     *
     * @param agents the number of agents (at least 1)
     * @param p the edge probability in (0, 1]
     * @return the topology
     */
    public static Topology erdosRenyi(int agents, double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("edge probability must be in (0, 1], got " + p);
        }
        return named("erdos-renyi", agents, p);
    }

    /**
     * A topology by the name configs use: {@code ring}, {@code torus}, {@code complete},
     * {@code erdos-renyi} (or {@code er}).
     *
     * @param kind the name
     * @param agents the number of agents (at least 1)
     * @param edgeProbability the edge probability, used only by Erdős–Rényi
     * @return the topology
     * @throws IllegalArgumentException for an unknown name or fewer than one agent
     */
    public static Topology named(String kind, int agents, double edgeProbability) {
        Objects.requireNonNull(kind, "topology");
        if (agents < 1) {
            throw new IllegalArgumentException("a topology needs at least 1 agent, got " + agents);
        }
        String k = kind.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        // an unknown name fails now rather than when the run starts
        if (!NAMES.contains(k)) {
            throw new IllegalArgumentException("unknown topology '" + kind + "'; valid names: " + String.join(", ", Graph.KINDS));
        }
        return new Topology(k, agents, edgeProbability, null);
    }

    /**
     * Your own graph; its size is the number of agents. It must be connected for the methods that
     * communicate.
     *
     * @param graph the graph
     * @return the topology
     */
    public static Topology of(Graph graph) {
        Objects.requireNonNull(graph, "graph");
        return new Topology("custom", graph.size(), 0, graph);
    }

    /**
     * The number of agents.
     *
     * @return the agent count
     */
    public int agents() {
        return agents;
    }

    /**
     * The topology's name ({@code custom} for a user graph).
     *
     * @return the name
     */
    public String kind() {
        return kind;
    }

    /**
     * The communication graph, checked to be connected.
     *
     * @param seed the run's seed (used only by Erdős–Rényi)
     * @return the graph
     * @throws IllegalStateException if the graph is not connected
     */
    public Graph graph(long seed) {
        Graph g = graph != null ? graph : Graph.named(kind, agents, edgeProbability, seed);
        return g.requireConnected();
    }

    /** The same number of agents without edges, for methods that never communicate. */
    Graph isolated() {
        return Graph.fromEdges(agents, List.of());
    }

    @Override
    public String toString() {
        return kind + " of " + agents + " agents";
    }
}
