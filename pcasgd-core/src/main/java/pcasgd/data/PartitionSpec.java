package pcasgd.data;

import java.util.Locale;
import java.util.Objects;

/**
 * How to split a data set across agents, as it appears in a config: {@code kind} is "iid" or
 * "dirichlet" (case-insensitive); {@code alpha} is the Dirichlet concentration, ignored for iid.
 */
public record PartitionSpec(String kind, double alpha) {
    public static final String IID = "iid";
    public static final String DIRICHLET = "dirichlet";

    public PartitionSpec {
        Objects.requireNonNull(kind, "partition kind");
        kind = kind.trim().toLowerCase(Locale.ROOT);
        // Fail when the config is read, not when the run starts splitting data.
        if (!kind.equals(IID) && !kind.equals(DIRICHLET)) {
            throw new IllegalArgumentException("unknown partition kind '" + kind + "'; expected '" + IID
                    + "' or '" + DIRICHLET + "'");
        }
        if (kind.equals(DIRICHLET) && (!(alpha > 0) || !Double.isFinite(alpha))) {
            throw new IllegalArgumentException("Dirichlet alpha must be finite and > 0, got " + alpha);
        }
    }

    public static PartitionSpec iid() {
        return new PartitionSpec(IID, Double.NaN);
    }

    public static PartitionSpec dirichlet(double alpha) {
        return new PartitionSpec(DIRICHLET, alpha);
    }

    /** Shards of indices into {@code data}, one per agent. */
    public int[][] split(Dataset data, int agents, long seed) {
        if (kind.equals(IID)) {
            return Partitioner.iid(data.size(), agents, seed);
        }
        if (!data.isClassification()) {
            throw new IllegalArgumentException("Dirichlet partitioning needs class labels; " + data.name()
                    + " is a regression set");
        }
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.label(i);
        }
        return Partitioner.dirichlet(labels, data.numClasses(), agents, alpha, seed);
    }

    @Override
    public String toString() {
        return kind.equals(IID) ? IID : DIRICHLET + "(alpha=" + alpha + ")";
    }
}
