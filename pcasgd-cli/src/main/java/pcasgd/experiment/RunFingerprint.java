package pcasgd.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import pcasgd.data.Dataset;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.SpecFingerprint;
import pcasgd.runtime.SettingsDiff;

/**
 * The settings every process of one cluster run must agree on, as named values: every
 * {@link TrainConfig} key except the per-process ones ({@link #PER_PROCESS}), plus what the config
 * only implies — the model's parameter count and the training and test data actually loaded (size
 * and a checksum, since {@code dataPath} may differ per host). A process presents it when it asks
 * to join; {@link #differences} names what differs, for the one line both sides print.
 */
public final class RunFingerprint {
    /**
     * Keys that may differ between the processes of one run: where a process writes and reads
     * (output folder, data and TLS store paths are per host), how it uses its own cores, how often
     * it checkpoints itself, and the run name, which only names the output folder (the run id
     * names the cluster and is compared).
     */
    public static final Set<String> PER_PROCESS = Set.of("name", "output", "runtime", "dataPath", "workers",
            "intraOpThreads", "checkpointEvery", "tlsKeyStore", "tlsTrustStore", "tlsPasswordFile");

    private final SortedMap<String, String> settings;

    private RunFingerprint(SortedMap<String, String> settings) {
        this.settings = Collections.unmodifiableSortedMap(settings);
    }

    /** The config's shared keys only: known before any data or model is loaded. */
    public static RunFingerprint of(TrainConfig c) {
        SortedMap<String, String> m = new TreeMap<>();
        c.toMap().forEach((k, v) -> {
            if (!PER_PROCESS.contains(k)) {
                m.put(k, String.valueOf(v));
            }
        });
        m.put("runId", c.runId());
        return new RunFingerprint(m);
    }

    /** The config's shared keys plus the model's parameter count and the loaded data. */
    public static RunFingerprint of(TrainConfig c, SimulationSpec spec) {
        SortedMap<String, String> m = new TreeMap<>(of(c).settings);
        m.put("parameters", Integer.toString(spec.oracle().dimension()));
        m.put("trainData", describe(spec.trainSet()));
        m.put("testData", describe(spec.testSet()));
        return new RunFingerprint(m);
    }

    /** From the values another process presented. */
    public static RunFingerprint fromMap(Map<String, String> settings) {
        return new RunFingerprint(new TreeMap<>(settings));
    }

    public SortedMap<String, String> settings() {
        return settings;
    }

    /** A short digest of all values, for logs and the finished-run marker. */
    public String digest() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            settings.forEach((k, v) -> d.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(d.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What differs from the run's fingerprint, one entry per setting, e.g.
     * {@code agents: run has 4, this process has 6}; empty when they agree.
     */
    public List<String> differences(RunFingerprint run) {
        return SettingsDiff.differences(run.settings, settings);
    }

    /** Name, size, shape, classes and a checksum of the data (see {@link SpecFingerprint#describe}). */
    static String describe(Dataset d) {
        return SpecFingerprint.describe(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunFingerprint f && f.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "fingerprint " + digest() + " " + settings;
    }
}
