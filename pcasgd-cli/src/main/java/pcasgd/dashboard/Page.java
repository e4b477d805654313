package pcasgd.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The dashboard page, one template ({@code page.html}) in two forms: live (scripts and styles
 * loaded from the server, state from {@code api/state} then server-sent events) and the
 * self-contained report (everything inlined, the state embedded as JSON, so it opens from disk).
 * Charts are drawn with uPlot from its WebJar, which ships in the jar.
 */
public final class Page {
    static final String RESOURCES = "/pcasgd/dashboard/";
    static final String UPLOT_VERSION = webjarVersion();
    static final String UPLOT_DIR = "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

    private Page() { }

    /** The page served live: assets by URL, state over HTTP. */
    public static String live(String title) {
        return template()
                .replace("{{TITLE}}", escapeHtml(title))
                .replace("{{HEAD}}", "<link rel=\"stylesheet\" href=\"assets/uPlot.min.css\">\n"
                        + "<link rel=\"stylesheet\" href=\"assets/dashboard.css\">")
                .replace("{{DATA}}", "")
                .replace("{{SCRIPTS}}", "<script src=\"assets/uPlot.iife.min.js\"></script>\n"
                        + "<script src=\"assets/dashboard.js\"></script>");
    }

    /** The self-contained page of a run: styles, scripts and the state's JSON inlined. */
    public static String report(RunState state) {
        String data = "<script id=\"run-data\" type=\"application/json\">" + state.json() + "</script>";
        return template()
                .replace("{{TITLE}}", escapeHtml(state.name()))
                .replace("{{HEAD}}", "<style>\n" + inlineSafe(text(UPLOT_DIR + "uPlot.min.css")) + "\n</style>\n<style>\n"
                        + inlineSafe(text(RESOURCES + "dashboard.css")) + "\n</style>")
                .replace("{{DATA}}", data)
                .replace("{{SCRIPTS}}", "<script>\n" + inlineSafe(text(UPLOT_DIR + "uPlot.iife.min.js")) + "\n</script>\n<script>\n"
                        + inlineSafe(text(RESOURCES + "dashboard.js")) + "\n</script>");
    }

    /** A classpath resource's bytes, or null when absent. */
    static byte[] bytes(String path) {
        try (InputStream in = Page.class.getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    static String text(String path) {
        byte[] b = bytes(path);
        if (b == null) {
            throw new IllegalStateException("missing resource " + path + " (the dashboard's assets ship in the jar)");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String template() {
        return text(RESOURCES + "page.html");
    }

    /** An inlined script or style must not close its element early. */
    static String inlineSafe(String code) {
        return code.replace("</script", "<\\/script").replace("</style", "<\\/style");
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String webjarVersion() {
        Properties p = new Properties();
        try (InputStream in = Page.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to the version this code was written against
        }
        return p.getProperty("version", "1.6.30");
    }
}
