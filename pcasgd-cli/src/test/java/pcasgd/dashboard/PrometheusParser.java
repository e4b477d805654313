package pcasgd.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4) for the tests: every line is a
 * HELP, a TYPE or a sample; names and label names are valid; label values are properly escaped;
 * each family's HELP and TYPE come once, before its samples, and a family's samples are contiguous;
 * no sample repeats the same name and labels; the text ends with a newline. Anything else throws.
 */
final class PrometheusParser {
    record Sample(String name, Map<String, String> labels, double value) { }

    record Family(String name, String type, String help, List<Sample> samples) { }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final List<String> TYPES = List.of("counter", "gauge", "histogram", "summary", "untyped");

    private PrometheusParser() { }

    static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the text must end with a newline");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        java.util.Set<String> closed = new java.util.HashSet<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        String current = null;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                String[] p = line.substring(7).split(" ", 2);
                name(p[0], n);
                if (helps.put(p[0], p.length > 1 ? p[1] : "") != null) {
                    throw err(n, "second HELP for " + p[0]);
                }
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] p = line.substring(7).split(" ");
                if (p.length != 2 || !TYPES.contains(p[1])) {
                    throw err(n, "bad TYPE line: " + line);
                }
                name(p[0], n);
                if (families.containsKey(p[0])) {
                    throw err(n, "second TYPE for " + p[0]);
                }
                if (current != null) {
                    closed.add(current);
                }
                current = p[0];
                families.put(p[0], new Family(p[0], p[1], helps.get(p[0]), new ArrayList<>()));
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Sample s;
            try {
                s = sample(line, n);
            } catch (IndexOutOfBoundsException e) {
                throw err(n, "truncated sample line: " + line);
            }
            String family = familyOf(s.name(), families);
            if (family == null) {
                throw err(n, "sample " + s.name() + " before its TYPE line");
            }
            if (closed.contains(family) || !family.equals(current)) {
                throw err(n, "samples of " + family + " are not contiguous");
            }
            if (!seen.add(s.name() + s.labels())) {
                throw err(n, "repeated sample " + s.name() + s.labels());
            }
            families.get(family).samples().add(s);
        }
        for (String h : helps.keySet()) {
            if (!families.containsKey(h)) {
                throw new IllegalArgumentException("HELP without TYPE: " + h);
            }
        }
        return families;
    }

    private static String familyOf(String sample, Map<String, Family> families) {
        if (families.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_total", "_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix) && families.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }

    private static Sample sample(String line, int n) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        name(name, n);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw err(n, "label without '='");
                }
                String key = line.substring(i, eq);
                if (!LABEL_NAME.matcher(key).matches() || key.startsWith("__")) {
                    throw err(n, "bad label name '" + key + "'");
                }
                i = eq + 1;
                if (line.charAt(i) != '"') {
                    throw err(n, "label value not quoted");
                }
                i++;
                StringBuilder v = new StringBuilder();
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i);
                    if (c == '\\') {
                        char e = line.charAt(i + 1);
                        switch (e) {
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            case 'n' -> v.append('\n');
                            default -> throw err(n, "bad escape \\" + e);
                        }
                        i += 2;
                    } else {
                        v.append(c);
                        i++;
                    }
                }
                i++;
                if (labels.put(key, v.toString()) != null) {
                    throw err(n, "repeated label " + key);
                }
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw err(n, "expected ',' or '}' after a label");
                }
            }
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw err(n, "expected one space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            throw err(n, "expected a value and an optional timestamp: " + line);
        }
        double value = switch (rest[0]) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!rest[0].matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    throw err(n, "bad value " + rest[0]);
                }
                yield Double.parseDouble(rest[0]);
            }
        };
        if (rest.length == 2 && !rest[1].matches("-?\\d+")) {
            throw err(n, "bad timestamp " + rest[1]);
        }
        return new Sample(name, labels, value);
    }

    private static void name(String name, int n) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw err(n, "bad metric name '" + name + "'");
        }
    }

    private static IllegalArgumentException err(int line, String msg) {
        return new IllegalArgumentException("line " + line + ": " + msg);
    }
}
