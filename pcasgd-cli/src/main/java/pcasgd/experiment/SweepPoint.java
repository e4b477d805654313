package pcasgd.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One point of a sweep: the swept keys' values (normalised through {@link TrainConfig}, so
 * {@code tau: 4} and {@code tau: "4"} are the same point), its seed, and the full config to run.
 */
public record SweepPoint(Map<String, String> values, long seed, TrainConfig config) {

    public SweepPoint {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Identity used for resuming: swept values plus seed, e.g. {@code method=dsgd,tau=4,seed=2}. */
    public String id() {
        String keys = values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return keys.isEmpty() ? "seed=" + seed : keys + ",seed=" + seed;
    }

    /** The id as a run name: characters a run name may not hold become '_'. */
    public String runName() {
        return id().replaceAll("[^A-Za-z0-9._=,+-]", "_");
    }
}
