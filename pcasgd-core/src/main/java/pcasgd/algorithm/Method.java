package pcasgd.algorithm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The methods pcasgd offers: PC-ASGD, its ablations and the baselines the paper compares. */
public enum Method {
    PC_ASGD("pc-asgd", "PC-ASGD, fixed θ"),
    PC_ASGD_PV("pc-asgd-pv", "PC-ASGD practical variant, θ chosen per step"),
    PREDICT_ONLY("predict-only", "predicting only (θ = 1, DC-ASGD-style)"),
    CLIP_ONLY("clip-only", "clipping only (θ = 0)"),
    STALE_DSGD("stale-dsgd", "asynchronous DSGD on stale copies, no compensation"),
    SYNC_DSGD("dsgd", "synchronous DSGD: every agent waits for all neighbours"),
    CENTRALIZED("centralized", "centralized SGD on one model with the same total batch"),
    LOCAL("local", "local SGD on each agent's own shard, no communication");

    private final String id;
    private final String description;

    Method(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Synchronous methods wait for every neighbour's message of this step: no copy is ever late. */
    public boolean waitsForNeighbours() {
        return this == SYNC_DSGD || this == CENTRALIZED;
    }

    /** Centralized SGD trains one model on all the data with the agents' total batch. */
    public boolean singleModel() {
        return this == CENTRALIZED;
    }

    /** Whether agents exchange parameters at all ({@link #LOCAL} does not). */
    public boolean communicates() {
        return this != LOCAL;
    }

    public static Method parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Method m : values()) {
            if (m.id.equals(key)) {
                return m;
            }
        }
        if (key.equals("sync-dsgd") || key.equals("cdsgd")) {
            return SYNC_DSGD;
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; valid: " + validNames());
    }

    public static String validNames() {
        return Arrays.stream(values()).map(Method::id).collect(Collectors.joining(", "));
    }
}
