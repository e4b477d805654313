package pcasgd.runtime.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pcasgd.report.MetricsFiles;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.TrainingListener;

/**
 * A bare agent process for tests and scripts: the spec comes from a {@link SpecFactory} class
 * named on the command line (the user-facing {@code pcasgd agent} builds it from a YAML config).
 *
 * <pre>
 *   java -cp ... pcasgd.runtime.cluster.NodeMain --run-id r --id 2 --port 25521
 *        --seed-nodes 127.0.0.1:25520 --factory my.Factory [--opt key=value]... [--coordinator]
 *        [--checkpoint-dir d --checkpoint-every 20] [--resume] [--pad-ms 5] [--metrics-dir d]
 *        [--max-staleness s] [--on-time-slack 1] [--timeout-s 600]
 * </pre>
 * Exit code 0 when the run finished, 2 when it failed, 3 when it did not end within --timeout-s.
 */
public final class NodeMain {
    private NodeMain() { }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (k.equals("--coordinator") || k.equals("--resume")) {
                a.put(k, "true");
            } else if (k.equals("--opt")) {
                String[] kv = args[++i].split("=", 2);
                opts.put(kv[0], kv[1]);
            } else {
                a.put(k, args[++i]);
            }
        }
        SpecFactory factory = (SpecFactory) Class.forName(a.get("--factory")).getDeclaredConstructor().newInstance();
        SimulationSpec spec = factory.create(opts);
        ClusterSettings.Builder sb = ClusterSettings.builder(a.getOrDefault("--run-id", "run"))
                .computePadMillis(Long.parseLong(a.getOrDefault("--pad-ms", "0")))
                .resume(a.containsKey("--resume"))
                .maxStaleness(Integer.parseInt(a.getOrDefault("--max-staleness", "-1")));
        if (a.containsKey("--checkpoint-dir")) {
            sb.checkpoints(Path.of(a.get("--checkpoint-dir")), Integer.parseInt(a.getOrDefault("--checkpoint-every", "0")));
        }
        ClusterSettings s = sb.build();
        List<Integer> ids = Arrays.stream(a.getOrDefault("--id", "").split(",")).filter(x -> !x.isBlank())
                .map(Integer::parseInt).toList();
        NodeSettings node = new NodeSettings(a.getOrDefault("--host", "127.0.0.1"), Integer.parseInt(a.getOrDefault("--port", "0")),
                Arrays.asList(a.get("--seed-nodes").split(",")), ids, a.containsKey("--coordinator"));
        List<TrainingListener> listeners = new ArrayList<>();
        if (a.containsKey("--metrics-dir")) {
            listeners.add(new MetricsFiles(Path.of(a.get("--metrics-dir"))));
        }
        System.exit(run(spec, s, node, listeners, Duration.ofSeconds(Long.parseLong(a.getOrDefault("--timeout-s", "600")))));
    }

    /** Runs one node until its actors stop; returns the process exit code. */
    public static int run(SimulationSpec spec, ClusterSettings s, NodeSettings node, List<TrainingListener> listeners,
                          Duration timeout) throws InterruptedException {
        ClusterRuntime.Node n = ClusterRuntime.startNode(spec, s, node, listeners);
        try {
            if (!n.awaitTermination(timeout)) {
                System.err.println("node " + n.address() + " did not finish within " + timeout);
                return 3;
            }
            if (node.coordinator() && n.metrics().isCompletedExceptionally()) {
                return 2;
            }
            return 0;
        } finally {
            n.close();
        }
    }
}
