package pcasgd.cli;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pcasgd.report.MetricsCsv;

/** YAML configs and run-directory readers for the tests that start cluster processes through the CLI. */
final class ClusterConfigs {
    private ClusterConfigs() { }

    /**
     * A tiny MLP on Gaussian blobs, 4 agents on a ring: cheap enough for several JVMs on two cores
     * (8 steps per epoch, 1108 parameters), and it still learns.
     */
    static Map<String, Object> blobs(String name, Path output) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("method", "pc-asgd");
        m.put("agents", 4);
        m.put("topology", "ring");
        m.put("delay", "none");
        m.put("dataset", "blobs");
        m.put("trainLimit", 512);
        m.put("testLimit", 200);
        m.put("model", "mlp:16");
        m.put("batchSize", 16);
        m.put("epochs", 3);
        m.put("workers", 1);
        m.put("intraOpThreads", 1);
        m.put("evalAgents", false);
        m.put("output", output.toString().replace("\\", "/"));
        return m;
    }

    static Path write(Path file, Map<String, Object> config) throws IOException {
        StringBuilder sb = new StringBuilder();
        config.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return Files.writeString(file, sb.toString());
    }

    /** metrics.csv as rows of named cells. */
    static List<Map<String, String>> metrics(Path runDir) throws IOException {
        List<String> lines = Files.readAllLines(runDir.resolve("metrics.csv"));
        List<String> header = MetricsCsv.parseLine(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            List<String> cells = MetricsCsv.parseLine(l);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** Pekko's warnings that the machine itself is overloaded: they tell of the CI's load, which no test controls. */
    static final List<String> OVERLOAD = List.of(
            // a heartbeat sent late, so the failure detector's expected interval grows
            "pekkoHeartbeatStarvation", "pekkoFailureDetectorGrowing",
            // a leave waits for every member to have seen it; a starved JVM can take longer than the phase's 10 s
            "Coordinated shutdown phase [cluster-exiting] timed out");

    /** Lines a normal run must not print: warnings or errors of any logger, less {@link #OVERLOAD}. */
    static List<String> warnings(List<String> lines) {
        return lines.stream().filter(l -> l.contains("WARN") || l.contains("ERROR") || l.startsWith("error:"))
                .filter(l -> OVERLOAD.stream().noneMatch(l::contains)).toList();
    }
}
