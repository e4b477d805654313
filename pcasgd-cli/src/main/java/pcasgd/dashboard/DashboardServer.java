package pcasgd.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read-only HTTP side of the dashboard, on the JDK's own server ({@code com.sun.net.httpserver}:
 * no dependency, a few threads, enough for a handful of viewers):
 *
 * <ul>
 *   <li>{@code /} the page; {@code /assets/*} its scripts and styles (uPlot from its WebJar);</li>
 *   <li>{@code /api/state} the whole {@link RunState} as JSON; {@code /api/events} server-sent events
 *       (at most 4 a second): {@code state}, the whole state, when epochs, events or the status
 *       changed, else {@code progress}, the step counters alone;</li>
 *   <li>{@code /metrics} Prometheus text ({@link PrometheusText}); {@code /config.yaml} the settings.</li>
 *   <li>{@code /runs/<i>/report.html} the {@code report.html} of run <i>i</i> of a {@link RunList},
 *       once written (404 before).</li>
 * </ul>
 * The state, metrics and settings are those of the run in progress ({@link RunList#current()}); for
 * a command that runs several, the state also holds the list of its runs.
 * Only GET and HEAD; anything else is 405.
 */
public final class DashboardServer implements AutoCloseable {
    private static final long PUSH_INTERVAL_MILLIS = 250;
    private static final long HEARTBEAT_MILLIS = 15_000;
    private static final Map<String, String[]> ASSETS = Map.of(
            "uPlot.iife.min.js", new String[] {Page.UPLOT_DIR + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uPlot.min.css", new String[] {Page.UPLOT_DIR + "uPlot.min.css", "text/css; charset=utf-8"},
            "dashboard.js", new String[] {Page.RESOURCES + "dashboard.js", "text/javascript; charset=utf-8"},
            "dashboard.css", new String[] {Page.RESOURCES + "dashboard.css", "text/css; charset=utf-8"});

    /** Everything the page loads comes from this server; no frames, no forms. */
    static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'";

    /** A run's report.html inlines its scripts, styles and data, and loads nothing. */
    static final String REPORT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; form-action 'none'";

    private static final java.util.regex.Pattern REPORT_PATH = java.util.regex.Pattern.compile("/runs/(\\d{1,9})/" + java.util.regex.Pattern.quote(RunReport.FILE));

    /** Open event streams at most (each holds a thread); further pages get 503 and fall back to EventSource's retry. */
    static final int MAX_STREAMS = 32;

    private final HttpServer http;
    private final AtomicInteger streams = new AtomicInteger();
    private final ExecutorService pool;
    private final RunList runs;
    private volatile boolean closed;

    private DashboardServer(HttpServer http, ExecutorService pool, RunList runs) {
        this.http = http;
        this.pool = pool;
        this.runs = runs;
    }

    /** Serves one run's {@code state} on {@code bind:port} (port 0: a free one). */
    public static DashboardServer start(RunState state, String bind, int port) throws IOException {
        return start(RunList.of(state), bind, port);
    }

    /** Serves {@code runs}, the run in progress and the list, on {@code bind:port} (port 0: a free one). */
    public static DashboardServer start(RunList runs, String bind, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 16);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dashboard-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        DashboardServer s = new DashboardServer(http, pool, runs);
        http.createContext("/", s.guard(s::page));
        http.createContext("/assets/", s.guard(s::asset));
        http.createContext("/api/state", s.guard(ex -> send(ex, 200, "application/json; charset=utf-8", runs.json())));
        http.createContext("/api/events", s.guard(s::events));
        http.createContext("/metrics", s.guard(ex -> send(ex, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render(runs.current()))));
        http.createContext("/config.yaml", s.guard(ex -> send(ex, 200, "text/plain; charset=utf-8", runs.current().configYaml())));
        http.createContext("/runs/", s.guard(s::report));
        http.setExecutor(pool);
        http.start();
        return s;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The page's address, as a browser on this host opens it. */
    public URI uri() {
        String host = http.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : http.getAddress().getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** The run the page shows now. */
    public RunState state() {
        return runs.current();
    }

    public RunList runs() {
        return runs;
    }

    @Override
    public void close() {
        closed = true;
        runs.wakeAll();
        http.stop(0);
        pool.shutdownNow();
    }

    private HttpHandler guard(HttpHandler h) {
        return ex -> {
            try {
                String m = ex.getRequestMethod();
                if (!m.equals("GET") && !m.equals("HEAD")) {
                    ex.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(ex, 405, "text/plain; charset=utf-8", "read-only: GET and HEAD only\n");
                    return;
                }
                h.handle(ex);
            } catch (IOException e) {
                // the viewer went away
            } finally {
                ex.close();
            }
        };
    }

    private void page(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.equals("/") && !path.equals("/index.html")) {
            send(ex, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
            return;
        }
        send(ex, 200, "text/html; charset=utf-8", Page.live(runs.current().name()));
    }

    /** {@code /runs/<i>/report.html}: the file run i wrote, read when asked; nothing else under {@code /runs/}. */
    private void report(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        java.util.regex.Matcher m = REPORT_PATH.matcher(path);
        java.nio.file.Path file = m.matches() ? runs.report(Integer.parseInt(m.group(1))) : null;
        byte[] body = null;
        if (file != null) {
            try {
                body = java.nio.file.Files.readAllBytes(file);
            } catch (IOException e) {
                body = null;
            }
        }
        if (body == null) {
            send(ex, 404, "text/plain; charset=utf-8", "not found: " + path + (m.matches() ? " (the run has no report yet)" : "") + "\n");
            return;
        }
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        send(ex, 200, "text/html; charset=utf-8", body, REPORT_CSP);
    }

    private void asset(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring("/assets/".length());
        String[] a = ASSETS.get(name);
        byte[] body = a == null ? null : Page.bytes(a[0]);
        if (body == null) {
            send(ex, 404, "text/plain; charset=utf-8", "not found: " + name + "\n");
            return;
        }
        ex.getResponseHeaders().set("Cache-Control", "max-age=3600");
        send(ex, 200, a[1], body);
    }

    /** Server-sent events: the full state whenever it changed, at most every 250 ms, and a comment line as heartbeat. */
    private void events(HttpExchange ex) throws IOException {
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            send(ex, 503, "text/plain; charset=utf-8", "too many open pages (" + MAX_STREAMS + "); reload later\n");
            return;
        }
        try {
            stream(ex);
        } finally {
            streams.decrementAndGet();
        }
    }

    private void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        long seen = -1;
        long seenContent = -1;
        long lastWrite = System.currentTimeMillis();
        try {
            while (!closed) {
                long v = runs.version();
                if (v != seen) {
                    seen = v;
                    long c = runs.contentVersion();
                    String event = c != seenContent ? "event: state\ndata: " + runs.json() : "event: progress\ndata: " + runs.current().progressJson();
                    seenContent = c;
                    out.write((event + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = System.currentTimeMillis();
                    Thread.sleep(PUSH_INTERVAL_MILLIS);
                    continue;
                }
                if (System.currentTimeMillis() - lastWrite >= HEARTBEAT_MILLIS) {
                    out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = System.currentTimeMillis();
                }
                runs.awaitChange(seen, 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        send(ex, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        send(ex, code, type, body, CSP);
    }

    static void send(HttpExchange ex, int code, String type, byte[] body, String csp) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy", csp);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(code, -1);
            return;
        }
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
