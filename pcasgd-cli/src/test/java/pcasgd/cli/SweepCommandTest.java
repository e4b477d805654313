package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.cli.TrainCommandTest.Result;

/** sweep, plot and theory through the CLI: outputs where documented, one summary line per point. */
class SweepCommandTest {

    /** blobs, an MLP, 4 agents, 2 epochs: stale-dsgd and pc-asgd at τ 0 and 4, for {@code seeds} (a YAML list). */
    static Path tinyGrid(Path dir, String seeds) throws java.io.IOException {
        return Files.writeString(dir.resolve("tiny.yaml"), """
                dataset: blobs
                model: mlp
                trainLimit: 300
                testLimit: 100
                agents: 4
                epochs: 2
                evalAgents: false
                grid:
                  tau: [0, 4]
                  method: [stale-dsgd, pc-asgd]
                seeds: %s
                """.formatted(seeds));
    }

    @Test
    void sweepThenRerunThenPlot(@TempDir Path tmp) throws Exception {
        Path grid = tinyGrid(tmp, "[1, 2]");
        Result first = TrainCommandTest.run("sweep", "--grid", grid.toString(), "--output", tmp.resolve("runs").toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("[8/8] tau=4,method=pc-asgd,seed=2: test acc"), first.out());
        Path csv = tmp.resolve("runs/tiny/sweep.csv");
        assertEquals(1 + 8 * 2, Files.readAllLines(csv).size());

        Result again = TrainCommandTest.run("sweep", "--grid", grid.toString(), "--output", tmp.resolve("runs").toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("8 of 8 points are already in the CSV") && again.out().contains("0 points run"), again.out());
        assertEquals(1 + 8 * 2, Files.readAllLines(csv).size());

        Result plot = TrainCommandTest.run("plot", "--input", csv.toString(), "--output", tmp.resolve("figs").toString());
        assertEquals(0, plot.code(), plot.err());
        for (String png : List.of("accuracy_vs_epoch.png", "accuracy_vs_tau.png", "time_per_epoch.png")) {
            assertTrue(Files.size(tmp.resolve("figs").resolve(png)) > 5_000, png);
        }
        assertTrue(plot.out().contains("accuracy_vs_agents: skipped") && plot.out().contains("pv_choices: skipped"), plot.out());
    }

    @Test
    void badGridIsReportedByName(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("bad.yaml");
        Files.writeString(grid, "grid:\n  agnets: [4, 8]\n");
        Result r = TrainCommandTest.run("sweep", "--grid", grid.toString(), "--output", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("grid key 'agnets' is not a config key"), r.err());
        assertTrue(Files.notExists(tmp.resolve("bad")), "nothing is written for a bad grid");
    }

    @Test
    void theoryWritesCsvAndLogScaleFigures(@TempDir Path tmp) throws Exception {
        Result r = TrainCommandTest.run("theory", "--output", tmp.toString(), "--taus", "0,8", "--steps", "300");
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(tmp.resolve("theory.csv"));
        assertEquals(1 + 5 * 2 * 301, csv.size(), "header + (start + 300 steps) per variant and tau");
        for (String png : List.of("theory_distance.png", "theory_consensus.png", "theory_neighbourhood.png", "theory_steps.png")) {
            assertTrue(Files.size(tmp.resolve(png)) > 5_000, png);
        }
        assertTrue(Files.readString(tmp.resolve("theory.md")).contains("stale-dsgd"));
    }
}
