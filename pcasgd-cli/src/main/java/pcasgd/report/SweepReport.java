package pcasgd.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pcasgd.algorithm.Method;
import pcasgd.io.AtomicFiles;

/**
 * What {@code pcasgd plot} and {@code pcasgd report <sweep folder>} both show for a sweep: every figure
 * {@link Figures#all} draws, the table behind each, the reasons for the figures left out, and the
 * comparison against stale DSGD. {@code plot} writes it as PNG files and {@code tables.md};
 * {@link #writeHtml} as one self-contained {@code report.html} with the PNGs inlined as data URIs.
 */
public record SweepReport(SweepTable table, List<Figure> figures, List<String> skipped, String comparison) {
    public static final String CSV = "sweep.csv";
    public static final String FILE = "report.html";

    /** The figures and tables of a sweep's finished runs. */
    public static SweepReport of(SweepTable table) {
        Figures.Outcome o = Figures.all(table);
        String comparison = table.settingColumns().contains("tau")
                ? Comparisons.markdown(table, Method.STALE_DSGD.id(), "tau") : "";
        return new SweepReport(table, o.figures(), o.skipped(), comparison);
    }

    /** Decimals of a figure's table: seconds to 2, accuracies to 4. */
    public static int decimals(Figure f) {
        return f.stem().startsWith("time") ? 2 : 4;
    }

    /** The Markdown tables behind the figures ({@code tables.md}); {@code input} says what was read. */
    public String markdown(String input) {
        StringBuilder md = new StringBuilder("# Tables behind the figures\n\nInput: " + input
                + " (" + table.runs().size() + " runs)\n\n");
        for (Figure f : figures) {
            md.append(f.markdown(decimals(f))).append('\n');
        }
        if (table.settingColumns().contains("tau")) {
            md.append("### Against stale DSGD\n\n").append(comparison);
        }
        return md.toString();
    }

    /**
     * Writes {@code <dir>/report.html} from {@code <dir>/sweep.csv}; returns its path.
     *
     * @throws IllegalArgumentException if the folder has no sweep.csv or it holds no finished run
     */
    public static Path writeHtml(Path dir) {
        Path csv = dir.resolve(CSV);
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException(dir + " is not a sweep folder: it has no " + CSV);
        }
        SweepTable table;
        try {
            table = SweepTable.read(List.of(csv));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        if (table.runs().isEmpty()) {
            throw new IllegalArgumentException("no finished runs in " + csv);
        }
        Path file = dir.resolve(FILE);
        String name = dir.toAbsolutePath().normalize().getFileName() == null ? dir.toString()
                : dir.toAbsolutePath().normalize().getFileName().toString();
        try {
            AtomicFiles.writeString(file, of(table).html(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** One page, nothing loaded from anywhere: each figure as an inlined PNG above its tables. */
    public String html(String name) {
        StringBuilder h = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>""").append(escape(name)).append(" — sweep report</title>\n<style>\n").append("""
                body { font-family: sans-serif; margin: 1.5em auto; max-width: 1960px; padding: 0 1em; color: #222; }
                img { max-width: 100%; height: auto; border: 1px solid #ddd; }
                table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
                th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; white-space: nowrap; }
                th:first-child, td:first-child { text-align: left; }
                th { background: #f3f3f3; }
                section { margin-bottom: 2.5em; }
                """).append("</style>\n</head>\n<body>\n<h1>").append(escape(name)).append(" — sweep report</h1>\n<p>")
                .append(table.runs().size()).append(" finished runs")
                .append(table.diverged().isEmpty() ? "" : ", " + table.diverged().size() + " diverged (left out)")
                .append(" from ").append(CSV).append(".</p>\n");
        for (Figure f : figures) {
            String md = f.markdown(decimals(f));
            // the figure's own heading goes above its image
            String head = "### " + f.title() + "\n\n";
            h.append("<section id=\"").append(escape(f.stem())).append("\">\n<h2>").append(escape(f.title())).append("</h2>\n")
                    .append("<img alt=\"").append(escape(f.title())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(Charts.png(f))).append("\">\n")
                    .append(markdownToHtml(md.startsWith(head) ? md.substring(head.length()) : md))
                    .append("</section>\n");
        }
        if (!skipped.isEmpty()) {
            h.append("<section id=\"skipped\">\n<h2>Figures left out</h2>\n<ul>\n");
            skipped.forEach(s -> h.append("<li>").append(escape(s)).append("</li>\n"));
            h.append("</ul>\n</section>\n");
        }
        if (!comparison.isEmpty()) {
            h.append("<section id=\"against-stale-dsgd\">\n<h2>Against stale DSGD</h2>\n")
                    .append(markdownToHtml(comparison)).append("</section>\n");
        }
        return h.append("</body>\n</html>\n").toString();
    }

    private static final Pattern STRONG = Pattern.compile("\\*\\*([^*]+)\\*\\*");

    /**
     * The little Markdown that {@link Figure#markdown} and {@link Comparisons#markdown} write, as HTML:
     * {@code #} headings, pipe tables (first row the header, second the rule) and paragraphs with
     * {@code **bold**}; everything else is escaped text.
     */
    static String markdownToHtml(String md) {
        StringBuilder h = new StringBuilder();
        List<String> lines = md.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("|")) {
                List<String> rows = new ArrayList<>();
                while (i < lines.size() && lines.get(i).strip().startsWith("|")) {
                    rows.add(lines.get(i).strip());
                    i++;
                }
                i--;
                h.append("<table>\n");
                for (int r = 0; r < rows.size(); r++) {
                    if (r == 1 && rows.get(r).matches("\\|[\\s|:-]*\\|")) {
                        continue;
                    }
                    String cell = r == 0 ? "th" : "td";
                    h.append("<tr>");
                    for (String c : cells(rows.get(r))) {
                        h.append('<').append(cell).append('>').append(escape(c)).append("</").append(cell).append('>');
                    }
                    h.append("</tr>\n");
                }
                h.append("</table>\n");
                continue;
            }
            int level = 0;
            while (level < line.length() && line.charAt(level) == '#') {
                level++;
            }
            if (level > 0 && level < line.length() && line.charAt(level) == ' ') {
                int hn = Math.min(6, level);
                h.append("<h").append(hn).append('>').append(inline(line.substring(level + 1).strip())).append("</h").append(hn).append(">\n");
            } else {
                h.append("<p>").append(inline(line)).append("</p>\n");
            }
        }
        return h.toString();
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") && row.length() > 1 ? row.length() - 1 : row.length());
        List<String> out = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }

    private static String inline(String text) {
        Matcher m = STRONG.matcher(escape(text));
        return m.replaceAll("<strong>$1</strong>");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
