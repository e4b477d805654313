package pcasgd.algorithm;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The methods pcasgd offers — PC-ASGD, its ablations and the baselines the paper compares — and
 * everything the rest of the program knows about them: the name configs use and its aliases, a
 * display label, a description, and the traits runtimes, the command line and reports ask about
 * ({@link #predicts()}, {@link #choosesPerStep()}, {@link #waitsForNeighbours()},
 * {@link #communicates()}, {@link #singleModel()}). A new method is one constant here and its
 * staleness policy in {@link AlgorithmConfig#rule()}.
 */
public enum Method {
    PC_ASGD("pc-asgd", "PC-ASGD", "PC-ASGD, fixed θ", List.of(), Trait.PREDICTS),
    PC_ASGD_PV("pc-asgd-pv", "PC-ASGD-PV", "PC-ASGD practical variant, θ chosen per step", List.of(),
            Trait.PREDICTS, Trait.CHOOSES),
    PREDICT_ONLY("predict-only", "predicting only", "predicting only (θ = 1, DC-ASGD-style)", List.of(), Trait.PREDICTS),
    CLIP_ONLY("clip-only", "clipping only", "clipping only (θ = 0)", List.of()),
    STALE_DSGD("stale-dsgd", "stale DSGD", "asynchronous DSGD on stale copies, no compensation", List.of()),
    SYNC_DSGD("dsgd", "DSGD", "synchronous DSGD: every agent waits for all neighbours", List.of("sync-dsgd", "cdsgd"),
            Trait.WAITS),
    CENTRALIZED("centralized", "centralized SGD", "centralized SGD on one model with the same total batch", List.of(),
            Trait.WAITS, Trait.SINGLE_MODEL),
    LOCAL("local", "local SGD", "local SGD on each agent's own shard, no communication", List.of(), Trait.ISOLATED);

    /** What a method does, as far as anything outside its update rule needs to know. */
    private enum Trait { PREDICTS, CHOOSES, WAITS, SINGLE_MODEL, ISOLATED }

    private final String id;
    private final String label;
    private final String description;
    private final List<String> aliases;
    private final Set<Trait> traits;

    Method(String id, String label, String description, List<String> aliases, Trait... traits) {
        this.id = id;
        this.label = label;
        this.description = description;
        this.aliases = aliases;
        this.traits = traits.length == 0 ? EnumSet.noneOf(Trait.class) : EnumSet.copyOf(Arrays.asList(traits));
    }

    /** The name configs, run settings and tables use, e.g. {@code pc-asgd-pv}. */
    public String id() {
        return id;
    }

    /** A name for people, e.g. {@code PC-ASGD-PV}. */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** Other names {@link #parse} accepts for it. */
    public List<String> aliases() {
        return aliases;
    }

    /** Whether it brings late copies forward with a predictor (so the predictor settings matter). */
    public boolean predicts() {
        return traits.contains(Trait.PREDICTS);
    }

    /**
     * Whether it chooses θ ∈ {0, 1} between the predicting and the clipping candidate every step (the
     * practical variant): it records its choices, and with the loss condition needs the candidates evaluated.
     */
    public boolean choosesPerStep() {
        return traits.contains(Trait.CHOOSES);
    }

    /** Synchronous methods wait for every neighbour's message of this step: no copy is ever late. */
    public boolean waitsForNeighbours() {
        return traits.contains(Trait.WAITS);
    }

    /** Centralized SGD trains one model on all the data with the agents' total batch. */
    public boolean singleModel() {
        return traits.contains(Trait.SINGLE_MODEL);
    }

    /** Whether agents exchange parameters at all ({@link #LOCAL} does not). */
    public boolean communicates() {
        return !traits.contains(Trait.ISOLATED);
    }

    /** The method of that name or alias (any case, {@code _} for {@code -}), if there is one. */
    public static Optional<Method> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Method m : values()) {
            if (m.id.equals(key) || m.aliases.contains(key)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public static Method parse(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown method '" + name + "'; valid: " + validNames()));
    }

    /** Every method's id, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Method::id).toList();
    }

    public static String validNames() {
        return String.join(", ", ids());
    }
}
