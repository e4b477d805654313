package pcasgd.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pcasgd.experiment.ConfigFiles;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.MetricValue;
import pcasgd.metrics.StandardMetrics;
import pcasgd.report.MetricsCsv;

/** Hand-made run folders for the report tests: a 5-agent ring planned for 3 epochs that stopped after 2. */
final class RunFolders {
    static final double[] ACCURACY = {0.25, 0.625};
    static final double[] LOSS = {2.5, 1.125};

    private RunFolders() { }

    static Path stoppedRing(Path parent) throws Exception {
        TrainConfig c = new TrainConfig().set("name", "hand").set("agents", 5).set("topology", "ring").set("epochs", 3)
                .set("output", parent.toString());
        Path dir = parent.resolve("hand");
        Files.createDirectories(dir);
        ConfigFiles.write(c, dir.resolve("config.yaml"));
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int e = 1; e <= 2; e++) {
            Map<String, MetricValue> v = new LinkedHashMap<>();
            for (String name : MetricsCsv.COLUMNS.subList(2, MetricsCsv.COLUMNS.size())) {
                v.put(name, MetricValue.of(Double.NaN));
            }
            v.put(StandardMetrics.TEST_ACCURACY, MetricValue.of(ACCURACY[e - 1]));
            v.put(StandardMetrics.TEST_LOSS, MetricValue.of(LOSS[e - 1]));
            v.put(StandardMetrics.TRAIN_LOSS, MetricValue.of(LOSS[e - 1] + 0.5));
            v.put(StandardMetrics.COPY_AGE, MetricValue.of(e));
            v.put(StandardMetrics.AGENT_ACCURACIES, MetricValue.indexed(new double[] {0.1 * e, 0.2, 0.3, 0.4, 0.5}));
            epochs.add(new EpochMetrics(e, 7L * e, 1.5, 0.25, v));
        }
        Files.writeString(dir.resolve("metrics.csv"), MetricsCsv.metrics(epochs));
        Files.writeString(dir.resolve("timing.csv"), MetricsCsv.timing(epochs));
        return dir;
    }

    /** The JSON the report embeds. */
    static String embeddedJson(String html) {
        String open = "<script id=\"run-data\" type=\"application/json\">";
        int a = html.indexOf(open);
        int b = html.indexOf("</script>", a);
        if (a < 0 || b < 0) {
            throw new AssertionError("no embedded run data");
        }
        return html.substring(a + open.length(), b);
    }
}
