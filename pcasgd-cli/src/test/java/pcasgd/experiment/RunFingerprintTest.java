package pcasgd.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pcasgd.runtime.SimulationSpec;

/** What must agree across a cluster run's processes, and the line that names what does not. */
class RunFingerprintTest {
    static TrainConfig base() {
        return new TrainConfig().set("name", "fp").set("agents", 4).set("topology", "ring").set("dataset", "blobs")
                .set("trainLimit", 256).set("testLimit", 64).set("model", "mlp:8").set("epochs", 2);
    }

    static List<String> diff(TrainConfig run, TrainConfig process) {
        return RunFingerprint.of(process).differences(RunFingerprint.of(run));
    }

    @Test
    void everySharedSettingIsNamedWithBothValues() {
        Map<String, Object> changes = Map.ofEntries(Map.entry("agents", 6), Map.entry("topology", "torus"),
                Map.entry("edgeProbability", 0.3), Map.entry("seed", 7), Map.entry("model", "lenet"),
                Map.entry("method", "dsgd"), Map.entry("theta", 0.25), Map.entry("predictor", "none"),
                Map.entry("delay", "uniform"), Map.entry("tau", 2), Map.entry("dataset", "embedded"),
                Map.entry("partition", "dirichlet"), Map.entry("dirichletAlpha", 0.1), Map.entry("batchSize", 8),
                Map.entry("learningRate", 0.2), Map.entry("epochs", 5), Map.entry("maxSkew", 2),
                Map.entry("sendEvery", 2));
        changes.forEach((key, value) -> {
            TrainConfig other = base().set(key, value);
            List<String> d = diff(base(), other);
            assertEquals(List.of(key + ": run has " + base().get(key) + ", this process has " + other.get(key)), d, key);
        });
        assertEquals(List.of("agents: run has 4, this process has 6"), diff(base(), base().set("agents", 6)));
        // the run id defaults to the name
        assertEquals(List.of("runId: run has fp, this process has other"), diff(base(), base().set("runId", "other")));
    }

    @Test
    void perProcessSettingsMayDiffer() {
        TrainConfig other = base().set("name", "elsewhere").set("output", "/tmp/x").set("workers", 8).set("intraOpThreads", 4)
                .set("runtime", "cluster").set("dataPath", "/data/fmnist").set("checkpointEvery", 50)
                .set("tlsKeyStore", "/a/k.p12").set("tlsTrustStore", "/a/t.p12").set("tlsPasswordFile", "/a/p");
        // the run id defaults to the name, and it is shared: keep it
        other.set("runId", "fp");
        assertEquals(List.of(), diff(base(), other));
        assertEquals(RunFingerprint.of(base()).digest(), RunFingerprint.of(other).digest());
        assertNotEquals(RunFingerprint.of(base()).digest(), RunFingerprint.of(base().set("seed", 2)).digest());
    }

    @Test
    void theModelsSizeAndTheLoadedDataAreCompared() {
        try (RunBuilder b = new RunBuilder()) {
            SimulationSpec small = b.simulation(base());
            SimulationSpec wide = b.simulation(base().set("model", "mlp:16"));
            SimulationSpec otherData = b.simulation(base().set("seed", 5));
            RunFingerprint run = RunFingerprint.of(base(), small);
            assertEquals(List.of(), RunFingerprint.of(base(), small).differences(run));
            List<String> d = RunFingerprint.of(base().set("model", "mlp:16"), wide).differences(run);
            assertEquals(List.of("model: run has mlp:8, this process has mlp:16",
                    "parameters: run has " + small.oracle().dimension() + ", this process has " + wide.oracle().dimension()), d);
            // the blobs are drawn from the seed: other data, other checksum (dataPath can differ per host, the data cannot)
            List<String> data = RunFingerprint.of(base().set("seed", 5), otherData).differences(run);
            assertTrue(data.stream().anyMatch(l -> l.startsWith("trainData: run has 256 x [1, 8, 8], 4 classes, checksum ")), data.toString());
            assertTrue(data.stream().anyMatch(l -> l.startsWith("testData: ")), data.toString());
        }
    }
}
