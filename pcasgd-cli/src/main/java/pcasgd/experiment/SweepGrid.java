package pcasgd.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep definition: base config keys at the top level, optional {@code cases:} (a list of
 * mappings, each setting several keys together — e.g. a method with its predictor — outermost),
 * {@code grid:} (key → list of values, swept as a cartesian product, first key outermost) and
 * {@code seeds:} (each point runs once per seed, seeds innermost). A point is named by the value of
 * every key any case or the grid sets. Every point is resolved and checked when the grid is read,
 * so a typo fails before the first hour of training, not after it.
 */
public final class SweepGrid {
    public static final String GRID = "grid";
    public static final String SEEDS = "seeds";
    public static final String CASES = "cases";
    /** Keys that place a run's output; the sweep decides them. */
    private static final List<String> RESERVED = List.of("name", "output");

    private final TrainConfig base;
    private final Map<String, List<Object>> axes;
    private final List<Map<String, Object>> cases;
    private final List<Long> seeds;

    private SweepGrid(TrainConfig base, List<Map<String, Object>> cases, Map<String, List<Object>> axes, List<Long> seeds) {
        this.base = base;
        this.cases = cases;
        this.axes = axes;
        this.seeds = seeds;
    }

    public static SweepGrid load(Path file) {
        try {
            return parse(ConfigFiles.readMapping(file));
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** From a YAML document already read as a mapping. */
    public static SweepGrid parse(Map<String, Object> doc) {
        TrainConfig base = new TrainConfig();
        Object gridNode = null;
        Object seedsNode = null;
        Object casesNode = null;
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.equals(GRID)) {
                gridNode = e.getValue();
            } else if (key.equals(SEEDS)) {
                seedsNode = e.getValue();
            } else if (key.equals(CASES)) {
                casesNode = e.getValue();
            } else {
                base.set(key, e.getValue());
            }
        }
        List<Map<String, Object>> cases = cases(casesNode);
        Map<String, List<Object>> axes = gridNode == null && !cases.isEmpty() ? new LinkedHashMap<>() : axes(gridNode);
        List<Long> seeds;
        if (axes.containsKey("seed")) {
            if (seedsNode != null) {
                throw new ConfigException("give seeds either as 'seeds:' or as grid key 'seed', not both");
            }
            seeds = longs("grid key 'seed'", axes.remove("seed"));
        } else {
            seeds = seedsNode == null ? List.of(base.seed()) : longs("'seeds'", list("'seeds'", seedsNode));
        }
        for (Map<String, Object> c : cases) {
            for (String k : c.keySet()) {
                if (axes.containsKey(k)) {
                    throw new ConfigException("key '" + k + "' is set by a case and swept by the grid: choose one");
                }
            }
        }
        SweepGrid grid = new SweepGrid(base, cases, axes, seeds);
        grid.points(); // resolves and validates every point now
        return grid;
    }

    private static Map<String, List<Object>> axes(Object node) {
        if (node == null) {
            throw new ConfigException("a sweep grid needs 'grid:', a mapping of config keys to lists of values"
                    + " (e.g. grid: {method: [pc-asgd, dsgd], tau: [0, 4]})");
        }
        if (!(node instanceof Map<?, ?> m)) {
            throw new ConfigException("'grid' must be a mapping of config keys to lists of values, got: " + node);
        }
        List<String> known = TrainConfig.keys();
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!known.contains(key)) {
                throw new ConfigException("grid key '" + key + "' is not a config key; valid keys: " + String.join(", ", known));
            }
            if (RESERVED.contains(key)) {
                throw new ConfigException("grid key '" + key + "' cannot be swept: the sweep names and places its runs");
            }
            axes.put(key, list("grid key '" + key + "'", e.getValue()));
        }
        if (axes.isEmpty()) {
            throw new ConfigException("'grid' is empty: give at least one key with a list of values");
        }
        return axes;
    }

    private static List<Map<String, Object>> cases(Object node) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        List<String> known = TrainConfig.keys();
        for (Object item : list("'cases'", node)) {
            if (!(item instanceof Map<?, ?> m) || m.isEmpty()) {
                throw new ConfigException("each case must be a mapping of config keys to values, like {method: dsgd}, got: " + item);
            }
            Map<String, Object> c = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!known.contains(key) || RESERVED.contains(key) || key.equals("seed")) {
                    throw new ConfigException("case key '" + key + "' is not a config key a sweep may set");
                }
                c.put(key, e.getValue());
            }
            out.add(c);
        }
        return out;
    }

    private static List<Object> list(String what, Object node) {
        if (!(node instanceof List<?> l)) {
            throw new ConfigException(what + " must be a list of values like [a, b], got: " + node);
        }
        if (l.isEmpty()) {
            throw new ConfigException(what + " has an empty list: give at least one value");
        }
        return new ArrayList<>(l);
    }

    private static List<Long> longs(String what, List<Object> values) {
        List<Long> out = new ArrayList<>();
        for (Object v : values) {
            try {
                out.add(v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v).trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(what + " must hold integers, got '" + v + "'");
            }
        }
        if (out.stream().distinct().count() != out.size()) {
            throw new ConfigException(what + " repeats a seed: " + out);
        }
        return out;
    }

    public TrainConfig base() {
        return base.copy();
    }

    /** Keys that name a point: those the cases set (in order of first appearance), then the grid's (without seed). */
    public List<String> keys() {
        java.util.LinkedHashSet<String> k = new java.util.LinkedHashSet<>();
        cases.forEach(c -> k.addAll(c.keySet()));
        k.addAll(axes.keySet());
        return List.copyOf(k);
    }

    public List<Long> seeds() {
        return List.copyOf(seeds);
    }

    /** Every case, times the cartesian product of the grid (first key outermost), times the seeds (innermost). */
    public List<SweepPoint> points() {
        List<SweepPoint> out = new ArrayList<>();
        List<Map<String, Object>> all = cases.isEmpty() ? List.of(Map.of()) : cases;
        for (Map<String, Object> c : all) {
            TrainConfig start = base.copy();
            c.forEach((k, v) -> {
                try {
                    start.set(k, v);
                } catch (ConfigException e) {
                    throw new ConfigException("case " + c + ": " + e.getMessage(), e);
                }
            });
            expand(new ArrayList<>(axes.keySet()), 0, start, new LinkedHashMap<>(), out);
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (SweepPoint p : out) {
            if (!ids.add(p.id())) {
                throw new ConfigException("grid lists point " + p.id() + " twice (a value repeats in a list)");
            }
        }
        return out;
    }

    private void expand(List<String> keys, int depth, TrainConfig partial, Map<String, String> values, List<SweepPoint> out) {
        if (depth == keys.size()) {
            // named by every key any case or the grid sets, so points of different cases line up in one CSV
            Map<String, String> named = new LinkedHashMap<>();
            for (String k : keys()) {
                named.put(k, String.valueOf(partial.get(k)));
            }
            for (long seed : seeds) {
                TrainConfig c = partial.copy().set("seed", seed);
                check(c, named, seed);
                out.add(new SweepPoint(named, seed, c));
            }
            return;
        }
        String key = keys.get(depth);
        for (Object v : axes.get(key)) {
            TrainConfig c = partial.copy();
            try {
                c.set(key, v);
            } catch (ConfigException e) {
                throw new ConfigException("grid key '" + key + "': " + e.getMessage(), e);
            }
            Map<String, String> next = new LinkedHashMap<>(values);
            next.put(key, String.valueOf(c.get(key)));
            expand(keys, depth + 1, c, next, out);
        }
    }

    private static void check(TrainConfig c, Map<String, String> values, long seed) {
        try {
            c.validate();
        } catch (RuntimeException e) {
            throw new ConfigException("grid point " + new SweepPoint(values, seed, c).id() + ": " + e.getMessage(), e);
        }
    }
}
