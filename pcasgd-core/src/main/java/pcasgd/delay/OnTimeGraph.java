package pcasgd.delay;

import java.util.Optional;

import pcasgd.topology.Graph;

/**
 * The links usable by the clipping step at a given step: those on time in both directions. If
 * they leave the graph disconnected, clip-only can never reach consensus, hence the warning.
 */
public final class OnTimeGraph {
    private OnTimeGraph() {
    }

    /** Edges {i, j} of {@code graph} with delay 0 from i to j and from j to i at {@code step}. */
    public static Graph at(Graph graph, DelayModel delays, long step) {
        return graph.filterEdges((i, j) -> delays.delay(i, j, step) == 0 && delays.delay(j, i, step) == 0);
    }

    /** A warning message if clipping at {@code step} would cut the graph, else empty. */
    public static Optional<String> clippingWarning(Graph graph, DelayModel delays, long step) {
        Graph onTime = at(graph, delays, step);
        int comps = onTime.components().size();
        if (comps <= graph.components().size()) {
            return Optional.empty();
        }
        return Optional.of("at step " + step + " the on-time links leave " + comps + " components ("
                + onTime.edgeCount() + " of " + graph.edgeCount() + " edges on time under " + delays.describe()
                + "); clip-only cannot reach consensus across them");
    }
}
