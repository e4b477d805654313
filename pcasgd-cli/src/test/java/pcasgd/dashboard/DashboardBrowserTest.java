package pcasgd.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import pcasgd.api.Topology;
import pcasgd.cli.Main;
import pcasgd.metrics.LiveProgress;
import pcasgd.report.MetricsCsv;

/**
 * The dashboard in a real browser (headless Chromium through Selenium): a short {@code train
 * --dashboard} run and a tiny {@code compare --dashboard} watched live, and a {@code report.html}
 * opened from disk. Skipped, with the
 * reason, where Chromium or chromedriver is missing (Debian: apt-get install chromium chromium-driver;
 * or set CHROME_BIN and CHROMEDRIVER). Every wait is for a condition, bounded.
 *
 * <p>{@code -Ddashboard.screenshot=docs/dashboard.png} also writes the live page's screenshot there
 * (the README's); it is always written to {@code pcasgd-cli/target/dashboard.png}.
 */
class DashboardBrowserTest {
    private static final Duration RUN_WAIT = Duration.ofSeconds(180);
    private static Path chrome;
    private static Path driverBinary;
    private WebDriver driver;

    @BeforeAll
    static void findBrowser() {
        chrome = find("CHROME_BIN", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").orElse(null);
        driverBinary = find("CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver").orElse(null);
        if (chrome == null || driverBinary == null) {
            System.err.println("DashboardBrowserTest is skipped: " + (chrome == null ? "no Chromium" : "no chromedriver")
                    + " (Debian: apt-get install chromium chromium-driver; or set CHROME_BIN and CHROMEDRIVER)");
        }
    }

    /** The executable the environment variable names (only it, when set), else the first of the usual paths. */
    private static Optional<Path> find(String env, String... paths) {
        String chosen = System.getenv(env);
        List<String> all = chosen != null && !chosen.isBlank() ? List.of(chosen) : List.of(paths);
        return all.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    @BeforeEach
    void openBrowser() {
        assumeTrue(chrome != null, "no Chromium (looked at $CHROME_BIN when set, else /usr/bin/chromium,"
                + " /usr/bin/chromium-browser, /usr/bin/google-chrome): apt-get install chromium chromium-driver");
        assumeTrue(driverBinary != null, "no chromedriver (looked at $CHROMEDRIVER when set, else /usr/bin/chromedriver,"
                + " /usr/lib/chromium/chromedriver): apt-get install chromium-driver");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chrome.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1600", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void watchesAShortTrainRunLive(@TempDir Path tmp) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AtomicInteger exit = new AtomicInteger(Integer.MIN_VALUE);
        String[] args = {"train", "--output", tmp.toString(), "--name", "live", "--set", "trainLimit=1024", "--set", "testLimit=256",
                "--epochs", "4", "-n", "4", "--topology", "ring", "--model", "mlp:16", "--dashboard=" + port,
                "--dashboard-linger=300"};
        Thread run = new Thread(() -> exit.set(Main.run(args)), "train-with-dashboard");
        run.setDaemon(true);
        run.start();
        try {
            awaitListening(port, run);
            driver.get("http://127.0.0.1:" + port + "/");
            new WebDriverWait(driver, RUN_WAIT).until(d -> "finished".equals(body(d).getAttribute("data-status")));
            // the command is past its run (closed) once it lingers; only then is it interrupted
            new WebDriverWait(driver, RUN_WAIT).until(d -> !d.findElements(By.cssSelector("#events li.linger")).isEmpty());

            List<List<String>> rows = csv(tmp.resolve("live").resolve("metrics.csv"));
            assertEquals(4, rows.size(), "4 epochs in metrics.csv");
            assertChartsHold(rows, 4);
            assertGraph(4, Topology.ring(4).graph(1).edges());
            assertEquals(4, driver.findElements(By.cssSelector("#agents tbody tr")).size());
            assertTrue(driver.findElement(By.id("config")).getText().contains("name: live"));
            assertTrue(driver.findElement(By.id("events")).getText().contains("run finished"));
            assertEquals("live", ((JavascriptExecutor) driver).executeScript("return dash.mode"));
            screenshot();
        } finally {
            run.interrupt();
            run.join(30_000);
        }
        assertEquals(0, exit.get(), "train exits 0 once the linger is interrupted");
        assertTrue(Files.exists(tmp.resolve("live").resolve("report.html")));
    }

    /**
     * A tiny {@code compare} of two methods (blobs, 2 epochs): one page lists both runs with their
     * final accuracies and reports, its charts hold the data points of the run shown, and each
     * run's report opens from the list.
     */
    @Test
    @SuppressWarnings("unchecked")
    void watchesATinyCompareLive(@TempDir Path tmp) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AtomicInteger exit = new AtomicInteger(Integer.MIN_VALUE);
        String[] args = {"compare", "--methods", "stale-dsgd,pc-asgd", "--output", tmp.toString(), "--name", "cmp",
                "--set", "dataset=blobs", "--model", "mlp", "--set", "trainLimit=300", "--set", "testLimit=100", "-n", "4",
                "--epochs", "2", "--set", "evalAgents=false", "--dashboard=" + port, "--dashboard-linger=300"};
        Thread run = new Thread(() -> exit.set(Main.run(args)), "compare-with-dashboard");
        run.setDaemon(true);
        run.start();
        List<String> names = List.of("cmp-stale-dsgd", "cmp-pc-asgd");
        try {
            awaitListening(port, run);
            driver.get("http://127.0.0.1:" + port + "/");
            JavascriptExecutor js = (JavascriptExecutor) driver;
            // every render from now on: the run shown, its epochs, its place in the list
            js.executeScript("window.seen = []; var r = dash.render; dash.render = function (s) {"
                    + " window.seen.push([s.name, s.epochs.length, s.runList ? s.runList.current : -1]); return r(s); };");
            new WebDriverWait(driver, RUN_WAIT).until(d -> !d.findElements(By.cssSelector("#events li.linger")).isEmpty());

            assertTrue(driver.findElement(By.id("runs-panel")).isDisplayed());
            assertEquals("compare cmp", driver.findElement(By.id("runs-title")).getText());
            List<org.openqa.selenium.WebElement> rows = driver.findElements(By.cssSelector("#runs tbody tr"));
            assertEquals(2, rows.size(), "every run of the command is listed");
            for (int k = 0; k < 2; k++) {
                org.openqa.selenium.WebElement row = rows.get(k);
                List<List<String>> metrics = csv(tmp.resolve("cmp").resolve(names.get(k)).resolve("metrics.csv"));
                assertEquals(2, metrics.size());
                double last = Double.parseDouble(metrics.get(1).get(MetricsCsv.COLUMNS.indexOf("test_accuracy")));
                assertEquals(names.get(k), row.findElement(By.cssSelector("td.name")).getText());
                assertEquals("finished", row.getAttribute("data-status"));
                assertEquals(String.format(java.util.Locale.ROOT, "%.4f", last), row.findElement(By.cssSelector("td.accuracy")).getText());
                assertEquals("http://127.0.0.1:" + port + "/runs/" + k + "/report.html",
                        row.findElement(By.cssSelector("td.report a")).getAttribute("href"));
            }
            assertTrue(rows.get(1).getAttribute("class").contains("current"), "the last run stays shown");
            assertEquals("finished", body(driver).getAttribute("data-status"));
            assertTrue(driver.findElement(By.id("config")).getText().contains("name: cmp-pc-asgd"));
            // the charts hold the points of the run shown, which came over the event stream (evalAgents=false: x̄ only)
            assertChartsHold(csv(tmp.resolve("cmp").resolve("cmp-pc-asgd").resolve("metrics.csv")), 0);
            // what came over the event stream after the page loaded (the runs may all be done by then: a tiny compare is fast,
            // so the switch from one run to the next is followed step by step in followsACommandsRunsOneAfterAnother)
            List<List<Object>> seen = (List<List<Object>>) js.executeScript("return window.seen");
            if (!seen.isEmpty()) {
                List<Object> last = seen.get(seen.size() - 1);
                assertEquals(List.of("cmp-pc-asgd", 2.0, 1.0), List.of(last.get(0), num(last.get(1)), num(last.get(2))),
                        "the last state pushed is the last run's, with both epochs: " + seen);
            }
            int shown = -1;
            for (List<Object> x : seen) {
                int index = (int) num(x.get(2));
                assertEquals(names.get(index), x.get(0), "the run shown is the list's current one: " + seen);
                assertTrue(index >= shown, "runs are shown in order: " + seen);
                shown = index;
            }
            assertEquals("live", js.executeScript("return dash.mode"));
            Files.write(Files.createDirectories(Path.of("pcasgd-cli", "target")).resolve("dashboard-compare.png"),
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

            // each run's report, from the list's link
            driver.get("http://127.0.0.1:" + port + "/runs/0/report.html");
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "finished".equals(body(d).getAttribute("data-status")));
            assertEquals("report", js.executeScript("return dash.mode"));
            assertEquals("cmp-stale-dsgd", driver.findElement(By.id("run-name")).getText());
            assertChartsHold(csv(tmp.resolve("cmp").resolve("cmp-stale-dsgd").resolve("metrics.csv")), 0);
        } finally {
            run.interrupt();
            run.join(30_000);
        }
        assertEquals(0, exit.get(), "compare exits 0 once the linger is interrupted");
        assertTrue(Files.exists(tmp.resolve("cmp").resolve("compare.md")));
    }

    /** A hand-fed list of two runs: the page follows the run in progress, its charts start over with the next run, the list follows. */
    @Test
    @SuppressWarnings("unchecked")
    void followsACommandsRunsOneAfterAnother(@TempDir Path tmp) throws Exception {
        List<pcasgd.experiment.TrainConfig> configs = new java.util.ArrayList<>();
        for (String m : List.of("stale-dsgd", "pc-asgd")) {
            configs.add(new pcasgd.experiment.TrainConfig().set("method", m).set("name", "fed-" + m).set("output", tmp.toString())
                    .set("agents", 3).set("topology", "ring").set("epochs", 2));
        }
        RunList runs = RunList.of("compare fed", configs);
        try (DashboardServer server = DashboardServer.start(runs, "127.0.0.1", 0)) {
            driver.get(server.uri().toString());
            // the list is redrawn with every state pushed: a row found a moment ago may be gone
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            wait.until(d -> d.findElements(By.cssSelector("#runs tr[data-status='to-come']")).size() == 2);
            ((JavascriptExecutor) driver).executeScript("window.loadedOnce = true");
            for (int k = 0; k < 2; k++) {
                pcasgd.metrics.TrainingListener l = runs.begin(k);
                int index = k;
                wait.until(d -> "running".equals(d.findElement(By.cssSelector("#runs tr[data-run='" + index + "']")).getAttribute("data-status")));
                assertEquals("fed-" + configs.get(k).method(), driver.findElement(By.id("run-name")).getText());
                assertEquals(0L, ((Number) ((JavascriptExecutor) driver).executeScript("return dash.charts.accuracy.data[0].length")).longValue(),
                        "the next run's charts start empty");
                l.onStart(new pcasgd.metrics.RunInfo(configs.get(k).method(), 3, 10, 4, 2, 0.5, "ring", "none", pcasgd.metrics.MetricSet.standard()));
                for (int e = 1; e <= 2; e++) {
                    java.util.Map<String, pcasgd.metrics.MetricValue> v = new java.util.LinkedHashMap<>();
                    v.put("test_accuracy", pcasgd.metrics.MetricValue.of(0.25 * e + 0.125 * k));
                    v.put("agent_accuracies", pcasgd.metrics.MetricValue.indexed(new double[] {0.1 * e, 0.2 * e, 0.3 * e}));
                    l.onEpoch(new pcasgd.metrics.EpochMetrics(e, 4L * e, 0.1, v));
                    String epochs = Integer.toString(e);
                    wait.until(d -> epochs.equals(body(d).getAttribute("data-epochs")));
                    assertChartPoints(e, 0.25 * e + 0.125 * k);
                }
                l.onFinish();
                runs.ended(k);
                wait.until(d -> "finished".equals(d.findElement(By.cssSelector("#runs tr[data-run='" + index + "']")).getAttribute("data-status")));
                String accuracy = String.format(java.util.Locale.ROOT, "%.4f", 0.5 + 0.125 * k);
                wait.until(d -> accuracy.equals(d.findElement(By.cssSelector("#runs tr[data-run='" + index + "'] td.accuracy")).getText()));
                assertEquals("–", wait.until(d -> d.findElement(By.cssSelector("#runs tr[data-run='" + index + "'] td.report")).getText()),
                        "no report.html in its folder: no link");
            }
            assertEquals(List.of("finished", "finished"), ((List<?>) ((JavascriptExecutor) driver).executeScript(
                    "return Array.from(document.querySelectorAll('#runs tbody tr')).map(function (r) { return r.dataset.status; })")));
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) driver).executeScript("return window.loadedOnce === true"), "no reload");
            assertTrue(driver.findElement(By.id("summary")).getText().startsWith("run 2/2"));
        }
    }

    /** An actor run's live progress, pushed between epochs: each agent's step and state, each link's age and bytes/s, the processes. */
    @Test
    void showsAnActorRunsLiveProgress() throws Exception {
        RunState state = new RunState("live", "cluster", "pc-asgd", "ring", 3, Topology.ring(3).graph(1).edges(), "name: live\n", 2);
        try (DashboardServer server = DashboardServer.start(state, "127.0.0.1", 0)) {
            driver.get(server.uri().toString());
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            state.start(new pcasgd.metrics.RunInfo("pc-asgd", 3, 10, 50, 2, 0.5, "ring", "none", pcasgd.metrics.MetricSet.standard()));
            wait.until(d -> "running".equals(body(d).getAttribute("data-status")));
            assertTrue(!driver.findElement(By.id("links")).isDisplayed(), "no links table before the agents report");
            LiveProgress.Link oneToZero = new LiveProgress.Link(1, 0, 3, 4.0, 1500.0);
            state.progress(new LiveProgress(
                    List.of(new LiveProgress.Agent(0, 17, 8.5, LiveProgress.TRAINING), new LiveProgress.Agent(1, 20, 10.0, LiveProgress.TRAINING),
                            new LiveProgress.Agent(2, 12, 0.0, LiveProgress.HELD_BACK)),
                    List.of(new LiveProgress.Link(0, 1, 2, 2.0, 3000.0), oneToZero),
                    List.of(new LiveProgress.Process("127.0.0.1:2551", List.of(0, 1), "up", true),
                            new LiveProgress.Process("127.0.0.1:2552", List.of(2), "unreachable", false))));
            wait.until(d -> d.findElements(By.cssSelector("#links tr[data-link='1-0']")).size() == 1);
            String last = String.valueOf(state.version());
            wait.until(d -> last.equals(body(d).getAttribute("data-version")));
            // each read is one script: an event drawn again (the stream's opening state after the first fetch
            // has drawn the same version) replaces the rows between two WebDriver calls, never within a script
            assertEquals(List.of("1 → 0", "3", "4.00", "1.5 kB/s"), texts("#links tr[data-link='1-0'] td"));
            assertEquals(List.of("2", "0, 1", "12", "0.0", "held back"), texts("#agents tr[data-agent='2'] td").subList(0, 5));
            assertEquals("3", attribute("#graph .link[data-link='0-1']", "data-age"),
                    "the link's colour: the mean of both ways' ages (2 and 4)");
            assertEquals("unreachable", attribute("#members tr[data-member='127.0.0.1:2552']", "data-status"));
            assertEquals("127.0.0.1:2551 (coordinator)", texts("#members tr[data-member='127.0.0.1:2551'] td").get(0));
            assertEquals("12/100", texts("#summary").get(0).replaceAll(".*step (\\S+).*", "$1"),
                    "the header's step follows the slowest agent");
        }
    }

    /** A hand-fed run state: the open page follows each change over server-sent events, without reloading. */
    @Test
    void followsTheRunLiveOverServerSentEvents() throws Exception {
        RunState state = new RunState("fed", "sim", "pc-asgd", "ring", 3, Topology.ring(3).graph(1).edges(), "name: fed\n", 2);
        try (DashboardServer server = DashboardServer.start(state, "127.0.0.1", 0)) {
            driver.get(server.uri().toString());
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.until(d -> "waiting".equals(body(d).getAttribute("data-status")));
            ((JavascriptExecutor) driver).executeScript("window.loadedOnce = true");
            state.start(new pcasgd.metrics.RunInfo("pc-asgd", 3, 10, 4, 2, 0.5, "ring", "none", pcasgd.metrics.MetricSet.standard()));
            wait.until(d -> "running".equals(body(d).getAttribute("data-status")));
            assertTrue(!driver.findElement(By.id("processes-panel")).isDisplayed(), "a single-process run has no processes panel");
            state.processStarted(0, List.of(0, 1), 4101);
            state.processStarted(1, List.of(2), 4102);
            wait.until(d -> d.findElements(By.cssSelector("#processes tr[data-process]")).size() == 2);
            assertTrue(driver.findElement(By.id("processes-panel")).isDisplayed());
            state.processEnded(1, 137);
            wait.until(d -> "exited".equals(d.findElement(By.cssSelector("#processes tr[data-process='1']")).getAttribute("data-status")));
            assertEquals(List.of("1", "2", "4102", "exited with status 137"), driver.findElements(
                    By.cssSelector("#processes tr[data-process='1'] td")).stream().map(x -> x.getText()).toList());
            assertTrue(driver.findElement(By.id("events")).getText().contains("process 1 (agent 2) exited with status 137"));
            for (int e = 1; e <= 2; e++) {
                state.step(4L * e, 8);
                java.util.Map<String, pcasgd.metrics.MetricValue> v = new java.util.LinkedHashMap<>();
                v.put("test_accuracy", pcasgd.metrics.MetricValue.of(0.25 * e));
                v.put("test_loss", pcasgd.metrics.MetricValue.of(2.0 / e));
                v.put("agent_accuracies", pcasgd.metrics.MetricValue.indexed(new double[] {0.1 * e, 0.2 * e, 0.3 * e}));
                state.epoch(new pcasgd.metrics.EpochMetrics(e, 4L * e, 0.1, v));
                String epochs = Integer.toString(e);
                wait.until(d -> epochs.equals(body(d).getAttribute("data-epochs")));
                assertChartPoints(e, 0.25 * e);
            }
            state.finish();
            wait.until(d -> "finished".equals(body(d).getAttribute("data-status")));
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) driver).executeScript("return window.loadedOnce === true"), "no reload");
            assertEquals("8/8", driver.findElement(By.id("summary")).getText().replaceAll(".*step (\\S+).*", "$1"));
            assertGraph(3, Topology.ring(3).graph(1).edges());
        }
    }

    @SuppressWarnings("unchecked")
    private void assertChartPoints(int points, double lastAccuracy) {
        List<List<Object>> acc = (List<List<Object>>) ((JavascriptExecutor) driver).executeScript("return dash.charts.accuracy.data");
        assertEquals(points, acc.get(0).size());
        assertEquals(lastAccuracy, num(acc.get(1).get(points - 1)), 1e-12);
        assertEquals(1 + 1 + 3, acc.size(), "epochs, x̄ and 3 agents");
    }

    @Test
    void opensAReportFromDisk(@TempDir Path tmp) throws Exception {
        Path dir = RunFolders.stoppedRing(tmp);
        Path report = RunReport.write(dir);
        driver.get(report.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "stopped".equals(body(d).getAttribute("data-status")));
        assertChartsHold(csv(dir.resolve("metrics.csv")), 5);
        assertGraph(5, Topology.ring(5).graph(1).edges());
        assertEquals("report", ((JavascriptExecutor) driver).executeScript("return dash.mode"));
    }

    /** The rendered text of every element {@code css} selects, read in one script. */
    private List<String> texts(String css) {
        return ((List<?>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(function (e) { return e.innerText.trim(); })", css))
                .stream().map(String::valueOf).toList();
    }

    /** Attribute {@code name} of the first element {@code css} selects (null when none), read in one script. */
    private String attribute(String css, String name) {
        Object v = ((JavascriptExecutor) driver).executeScript(
                "var e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;", css, name);
        return v == null ? null : v.toString();
    }

    private static org.openqa.selenium.WebElement body(WebDriver d) {
        return d.findElement(By.tagName("body"));
    }

    /** The accuracy chart's x are the epochs and its first series x̄'s accuracy, one series per agent after it; the loss chart has the test loss. */
    @SuppressWarnings("unchecked")
    private void assertChartsHold(List<List<String>> rows, int agents) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        List<String> header = MetricsCsv.COLUMNS;
        int acc = header.indexOf("test_accuracy");
        int loss = header.indexOf("test_loss");
        List<List<Object>> accData = (List<List<Object>>) js.executeScript("return dash.charts.accuracy.data");
        List<List<Object>> lossData = (List<List<Object>>) js.executeScript("return dash.charts.loss.data");
        assertEquals(1 + 1 + agents, accData.size(), "epochs, x̄ and each agent");
        assertEquals(rows.size(), accData.get(0).size());
        for (int k = 0; k < rows.size(); k++) {
            assertEquals(Double.parseDouble(rows.get(k).get(0)), num(accData.get(0).get(k)), "epoch of point " + k);
            assertEquals(Double.parseDouble(rows.get(k).get(acc)), num(accData.get(1).get(k)), 1e-12, "x̄ accuracy of point " + k);
            assertEquals(Double.parseDouble(rows.get(k).get(loss)), num(lossData.get(1).get(k)), 1e-12, "test loss of point " + k);
        }
        Number drawn = (Number) js.executeScript("return document.querySelectorAll('#chart-accuracy canvas').length");
        assertTrue(drawn.intValue() >= 1, "the chart is drawn on a canvas");
    }

    private void assertGraph(int agents, List<int[]> edges) {
        assertEquals(agents, driver.findElements(By.cssSelector("#graph .agent")).size());
        Set<String> want = edges.stream().map(e -> Math.min(e[0], e[1]) + "-" + Math.max(e[0], e[1]))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> shown = driver.findElements(By.cssSelector("#graph .link")).stream().map(l -> l.getAttribute("data-link"))
                .map(s -> {
                    String[] p = s.split("-");
                    int a = Integer.parseInt(p[0]);
                    int b = Integer.parseInt(p[1]);
                    return Math.min(a, b) + "-" + Math.max(a, b);
                }).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(want, shown);
        assertEquals(edges.size(), driver.findElements(By.cssSelector("#graph .link")).size());
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static List<List<String>> csv(Path file) throws Exception {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.skip(1).filter(l -> !l.isBlank()).map(MetricsCsv::parseLine).toList();
        }
    }

    /** Until the dashboard accepts connections (or the run ended without one). */
    private static void awaitListening(int port, Thread run) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                if (!run.isAlive()) {
                    throw new AssertionError("the run ended before its dashboard listened");
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no dashboard on port " + port + " within " + RUN_WAIT);
    }

    private void screenshot() throws Exception {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("pcasgd-cli", "target", "dashboard.png");
        Files.createDirectories(target.getParent());
        Files.write(target, png);
        String extra = System.getProperty("dashboard.screenshot");
        if (extra != null && !extra.isBlank()) {
            Path p = Path.of(extra);
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            Files.write(p, png);
        }
        assertTrue(new File(target.toString()).length() > 1000);
    }
}
