package pcasgd.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import pcasgd.algorithm.PredictorSpec;

/**
 * How a series is drawn: its colour and marker. Every method (series label, as {@link Figures#label}
 * writes it) has one fixed style in {@link #TABLE}, the same in every figure, so a reader who has
 * learnt that PC-ASGD-PV is the green diamond finds it again everywhere. The marker says the family
 * (▲ predict-only, ◆ PC-ASGD and its practical variant), the colour the method and predictor.
 * Labels not in the table (per-layer names, theory variants, new methods) get a deterministic fallback
 * from colours the table does not use, never one already taken in the same figure.
 */
public record MethodStyle(Color colour, Shape shape) {

    /** Marker shapes, independent of the charting library. */
    public enum Shape { SQUARE, CIRCLE, DIAMOND, TRIANGLE_UP, TRIANGLE_DOWN, CROSS, PLUS, OVAL, RECTANGLE, TRAPEZOID }

    /** The fixed style of each method, keyed by its series label. */
    static final Map<String, MethodStyle> TABLE = table();

    /** Colours for labels not in the table, none of them in it; beyond these, generated ones. */
    private static final List<Color> FALLBACK = List.of(new Color(188, 189, 34), new Color(0, 128, 128),
            new Color(230, 171, 2), new Color(128, 0, 0), new Color(197, 176, 213), new Color(0, 100, 0),
            new Color(196, 156, 148), new Color(200, 0, 200), new Color(100, 120, 140), new Color(152, 223, 138),
            new Color(102, 51, 153), new Color(160, 120, 0));

    private static final Shape[] FALLBACK_SHAPES = {Shape.CIRCLE, Shape.SQUARE, Shape.DIAMOND, Shape.TRIANGLE_UP,
        Shape.TRIANGLE_DOWN, Shape.OVAL, Shape.RECTANGLE, Shape.TRAPEZOID, Shape.CROSS, Shape.PLUS};

    private static Map<String, MethodStyle> table() {
        Map<String, MethodStyle> t = new LinkedHashMap<>();
        t.put("dsgd", new MethodStyle(Color.BLACK, Shape.SQUARE));
        t.put("stale-dsgd", new MethodStyle(new Color(127, 127, 127), Shape.CIRCLE));
        t.put("local", new MethodStyle(new Color(140, 86, 75), Shape.CROSS));
        t.put("clip-only", new MethodStyle(new Color(148, 103, 189), Shape.TRIANGLE_DOWN));
        t.put("predict-only (extrapolate)", new MethodStyle(new Color(214, 39, 40), Shape.TRIANGLE_UP));
        t.put("predict-only (taylor, β=auto)", new MethodStyle(new Color(255, 127, 14), Shape.TRIANGLE_UP));
        t.put("predict-only (draft)", new MethodStyle(new Color(227, 119, 194), Shape.TRIANGLE_UP));
        t.put("predict-only (taylor, β=1.0)", new MethodStyle(new Color(255, 152, 150), Shape.TRIANGLE_UP));
        t.put("pc-asgd (extrapolate)", new MethodStyle(new Color(31, 119, 180), Shape.DIAMOND));
        t.put("pc-asgd (taylor, β=auto)", new MethodStyle(new Color(23, 190, 207), Shape.DIAMOND));
        t.put("pc-asgd (draft)", new MethodStyle(new Color(40, 40, 140), Shape.DIAMOND));
        t.put("pc-asgd-pv (extrapolate)", new MethodStyle(new Color(44, 160, 44), Shape.DIAMOND));
        return Map.copyOf(t);
    }

    /**
     * The table entry a label stands for: itself, or for a predicting method without a predictor
     * (a sweep with no predictor column ran the default one), the method with the default predictor.
     */
    static Optional<MethodStyle> fixed(String label) {
        MethodStyle s = TABLE.get(label);
        if (s == null) {
            s = TABLE.get(label + " (" + PredictorSpec.DEFAULT + ")");
        }
        return Optional.ofNullable(s);
    }

    /**
     * The style of every name in one figure. Labels in the table keep their entry; one that only
     * stands for an entry (a bare "pc-asgd") takes it when no other series of the figure has it; every
     * other name gets a fallback colour, starting at a slot given by its name's hash and taking the
     * next one no series of this figure uses. No colour repeats within the figure.
     */
    public static Map<String, MethodStyle> forFigure(Collection<String> names) {
        Set<String> distinct = new LinkedHashSet<>(names);
        Map<String, MethodStyle> out = new LinkedHashMap<>();
        Set<Color> used = new HashSet<>();
        for (String n : distinct) {
            MethodStyle s = TABLE.get(n);
            if (s != null) {
                out.put(n, s);
                used.add(s.colour());
            }
        }
        for (String n : distinct) {
            Optional<MethodStyle> s = fixed(n);
            if (!out.containsKey(n) && s.isPresent() && used.add(s.get().colour())) {
                out.put(n, s.get());
            }
        }
        List<String> rest = new ArrayList<>(distinct.stream().filter(n -> !out.containsKey(n)).toList());
        rest.sort(null); // the result does not depend on the order of the series
        for (String n : rest) {
            int slot = Math.floorMod(n.hashCode(), FALLBACK.size());
            Color c = null;
            for (int k = 0; k < FALLBACK.size() && c == null; k++) {
                Color candidate = FALLBACK.get((slot + k) % FALLBACK.size());
                if (!used.contains(candidate)) {
                    c = candidate;
                }
            }
            for (int k = 0; c == null; k++) {
                Color candidate = generated(k);
                if (!used.contains(candidate) && !isFixed(candidate)) {
                    c = candidate;
                }
            }
            used.add(c);
            out.put(n, new MethodStyle(c, FALLBACK_SHAPES[Math.floorMod(n.hashCode(), FALLBACK_SHAPES.length)]));
        }
        return out;
    }

    private static boolean isFixed(Color c) {
        return TABLE.values().stream().anyMatch(s -> s.colour().equals(c)) || FALLBACK.contains(c);
    }

    /** Hues a golden angle apart, in two saturation/brightness steps: distinct for any count a figure has. */
    private static Color generated(int k) {
        float hue = (float) ((0.11 + k * 0.6180339887498949) % 1.0);
        boolean dark = (k / 7) % 2 == 1;
        return Color.getHSBColor(hue, dark ? 0.9f : 0.7f, dark ? 0.55f : 0.8f);
    }
}
