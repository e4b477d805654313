package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.cli.TrainCommandTest.Result;
import pcasgd.report.Figure;
import pcasgd.report.Figures;
import pcasgd.report.SweepTable;

/** {@code pcasgd report <sweep folder>}: every figure plot draws, inlined with its table, in one offline page. */
class ReportCommandTest {
    private static final String IMG = "<img alt=\"";
    private static final Pattern DATA_PNG = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    private static final Pattern EXTERNAL = Pattern.compile("(src|href)\\s*=\\s*['\"]?\\s*(https?:|//)|url\\(|@import",
            Pattern.CASE_INSENSITIVE);

    /** Final accuracies by hand (one epoch); seeds pair up across methods; clip-only at τ=16 diverged. */
    static final String HAND_CSV = """
            method,tau,seed,epoch,step,test_accuracy,wall_seconds,status
            stale-dsgd,4,1,1,10,0.80,1.0,ok
            stale-dsgd,4,2,1,10,0.82,1.0,ok
            stale-dsgd,16,1,1,10,0.78,1.0,ok
            stale-dsgd,16,2,1,10,0.80,1.0,ok
            pc-asgd,4,1,1,10,0.83,1.0,ok
            pc-asgd,4,2,1,10,0.84,1.0,ok
            pc-asgd,16,1,1,10,0.82,1.0,ok
            pc-asgd,16,2,1,10,0.83,1.0,ok
            local,0,1,1,10,0.20,1.0,ok
            local,0,2,1,10,0.15,1.0,ok
            clip-only,16,1,0,0,,,diverged
            """;

    @Test
    void aHandWrittenSweepGetsEveryFigureWithItsTableOffline(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("hand");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sweep.csv"), HAND_CSV);
        Result r = TrainCommandTest.run("report", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + dir.resolve("report.html")), r.out());
        String html = Files.readString(dir.resolve("report.html"));
        Figures.Outcome o = Figures.all(SweepTable.read(List.of(dir.resolve("sweep.csv"))));
        assertEveryFigureInlined(html, o);
        assertTrue(html.contains("<td>pc-asgd</td>") && html.contains("<td>local</td>"), "methods as table rows");
        assertTrue(html.contains("0.8350 ± 0.0071"), "pc-asgd at τ=4 as plot's tables.md gives it");
        assertTrue(html.contains("Against stale DSGD") && html.contains("Final test accuracy minus stale-dsgd"), "comparison");
        assertFalse(o.skipped().isEmpty(), "the hand sweep leaves figures out");
        for (String s : o.skipped()) {
            assertTrue(html.contains("<li>" + s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&quot;") + "</li>"), s);
        }
        assertTrue(html.contains("1 diverged"), "the diverged point is mentioned");
        assertFalse(Files.exists(dir.resolve("report.html.tmp")));
    }

    @Test
    void aTinyRealSweepFolderGetsItsReport(@TempDir Path tmp) throws Exception {
        Path grid = SweepCommandTest.tinyGrid(tmp, "[1]");
        Result sweep = TrainCommandTest.run("sweep", "--grid", grid.toString(), "--output", tmp.resolve("runs").toString());
        assertEquals(0, sweep.code(), sweep.err());
        Path dir = tmp.resolve("runs/tiny");
        Result r = TrainCommandTest.run("report", dir.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(dir.resolve("report.html"));
        Figures.Outcome o = Figures.all(SweepTable.read(List.of(dir.resolve("sweep.csv"))));
        assertTrue(o.figures().stream().map(Figure::stem).toList().containsAll(
                List.of("accuracy_vs_epoch", "accuracy_vs_tau", "time_per_epoch")), o.figures().toString());
        assertEveryFigureInlined(html, o);
        assertTrue(html.contains("<td>stale-dsgd</td>") && html.contains("<td>pc-asgd</td>"), "methods as table rows");
    }

    @Test
    void aFolderWithNeitherSweepNorMetricsFailsNamingBoth(@TempDir Path tmp) {
        Result r = TrainCommandTest.run("report", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("sweep.csv") && r.err().contains("metrics.csv") && r.err().contains(tmp.toString()), r.err());
        assertFalse(Files.exists(tmp.resolve("report.html")));

        Result missing = TrainCommandTest.run("report", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such folder"), missing.err());
    }

    @Test
    void aSweepWithNoFinishedRunFailsByName(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("sweep.csv"), "method,tau,seed,epoch,step,test_accuracy,wall_seconds,status\n"
                + "pc-asgd,4,1,0,0,,,diverged\n");
        Result r = TrainCommandTest.run("report", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no finished runs in " + tmp.resolve("sweep.csv")), r.err());
    }

    /** One inlined PNG per figure, each a real PNG, each figure's title, and nothing loaded from outside. */
    private static void assertEveryFigureInlined(String html, Figures.Outcome o) {
        assertFalse(o.figures().isEmpty());
        int imgs = html.split(Pattern.quote(IMG), -1).length - 1;
        assertEquals(o.figures().size(), imgs, "one image per figure");
        assertEquals(o.figures().size(), html.split(Pattern.quote("src=\"data:image/png;base64,"), -1).length - 1);
        Matcher m = DATA_PNG.matcher(html);
        int pngs = 0;
        while (m.find()) {
            byte[] png = Base64.getDecoder().decode(m.group(1));
            assertTrue(png.length > 5_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG");
            pngs++;
        }
        assertEquals(o.figures().size(), pngs);
        for (Figure f : o.figures()) {
            assertTrue(html.contains("<section id=\"" + f.stem() + "\">"), f.stem());
        }
        assertFalse(EXTERNAL.matcher(html).find(), "report.html loads nothing from outside");
        assertFalse(html.contains("http://") || html.contains("https://"), "no URL at all");
    }
}
