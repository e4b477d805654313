package pcasgd.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepGridTest {

    private static SweepGrid grid(String yaml, Path dir) throws Exception {
        Path f = dir.resolve("grid.yaml");
        Files.writeString(f, yaml);
        return SweepGrid.load(f);
    }

    @Test
    void expandsTheCartesianProductTimesSeedsFirstKeyOutermost(@TempDir Path dir) throws Exception {
        SweepGrid g = grid("""
                epochs: 2
                agents: 4
                grid:
                  tau: [0, 4]
                  method: [pc-asgd, dsgd, clip-only]
                seeds: [7, 8]
                """, dir);
        List<SweepPoint> points = g.points();
        assertEquals(2 * 3 * 2, points.size());
        assertEquals("tau=0,method=pc-asgd,seed=7", points.get(0).id());
        assertEquals("tau=0,method=pc-asgd,seed=8", points.get(1).id());
        assertEquals("tau=0,method=dsgd,seed=7", points.get(2).id());
        assertEquals("tau=4,method=clip-only,seed=8", points.get(11).id());
        SweepPoint last = points.get(11);
        assertEquals(4, last.config().tau());
        assertEquals("clip-only", last.config().method());
        assertEquals(8, last.config().seed());
        assertEquals(2, last.config().epochs(), "base keys apply to every point");
        assertEquals(4, last.config().agents());
        assertEquals(List.of("tau", "method"), g.keys());
    }

    @Test
    void casesSetSeveralKeysTogetherAndEveryPointIsNamedByAllOfThem(@TempDir Path dir) throws Exception {
        SweepGrid g = grid("""
                cases:
                  - {method: stale-dsgd}
                  - {method: predict-only, predictor: draft}
                grid:
                  tau: [4, 16]
                seeds: [1]
                """, dir);
        assertEquals(List.of("method", "predictor", "tau"), g.keys());
        List<String> ids = g.points().stream().map(SweepPoint::id).toList();
        // the first case leaves the predictor at its default, which still names the point
        assertEquals(List.of("method=stale-dsgd,predictor=extrapolate,tau=4,seed=1",
                "method=stale-dsgd,predictor=extrapolate,tau=16,seed=1",
                "method=predict-only,predictor=draft,tau=4,seed=1",
                "method=predict-only,predictor=draft,tau=16,seed=1"), ids);
        assertEquals("draft", g.points().get(3).config().predictor());
        assertTrue(assertThrows(ConfigException.class, () -> grid("cases:\n  - {tau: 2}\ngrid:\n  tau: [4]\n", dir))
                .getMessage().contains("set by a case and swept by the grid"));
    }

    @Test
    void valuesAreNormalisedSoResumingMatchesWhateverTheSpelling(@TempDir Path dir) throws Exception {
        SweepGrid g = grid("grid:\n  theta: [1, \"0.5\"]\n", dir);
        assertEquals("theta=1.0,seed=1", g.points().get(0).id());
        assertEquals("theta=0.5,seed=1", g.points().get(1).id());
    }

    @Test
    void seedCanBeAGridKeyInsteadOfSeeds(@TempDir Path dir) throws Exception {
        SweepGrid g = grid("grid:\n  seed: [3, 4]\n  agents: [4, 8]\n", dir);
        assertEquals(List.of(3L, 4L), g.seeds());
        assertEquals(List.of("agents"), g.keys());
        assertEquals(4, g.points().size());
        ConfigException both = assertThrows(ConfigException.class, () -> grid("seeds: [1]\ngrid:\n  seed: [3]\n", dir));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
    }

    @Test
    void badGridsFailWithAMessageNamingTheProblem(@TempDir Path dir) {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("grid:\n  tua: [1, 2]\n", "grid key 'tua' is not a config key");
        cases.put("grid:\n  tau: []\n", "grid key 'tau' has an empty list");
        cases.put("grid: [tau, 4]\n", "'grid' must be a mapping");
        cases.put("grid:\n  tau: 4\n", "grid key 'tau' must be a list");
        cases.put("epochs: 2\n", "needs 'grid:'");
        cases.put("grid:\n  tau: [0, -1]\n", "tau must be >= 0");
        cases.put("grid:\n  method: [pc-asgd, pcasgd]\n", "unknown method 'pcasgd'");
        cases.put("grid:\n  predictor: [taylor, oracle]\n", "unknown predictor 'oracle'; valid: draft, taylor, extrapolate");
        cases.put("grid:\n  name: [a, b]\n", "'name' cannot be swept");
        cases.put("grid:\n  tau: [2, 2]\n", "twice");
        cases.put("seeds: []\ngrid:\n  tau: [2]\n", "'seeds' has an empty list");
        cases.put("- 1\n- 2\n", "must be a mapping");
        cases.put("tua: 3\ngrid:\n  tau: [2]\n", "unknown config key 'tua'");
        cases.forEach((yaml, expected) -> {
            ConfigException e = assertThrows(ConfigException.class, () -> grid(yaml, dir), yaml);
            assertTrue(e.getMessage().contains(expected), "for\n" + yaml + "expected '" + expected + "' in: " + e.getMessage());
            assertTrue(e.getMessage().contains("grid.yaml"), "names the file: " + e.getMessage());
        });
    }
}
