package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare} survives a method that diverges: its row says where, the others still run and are saved. */
class CompareCommandTest {

    @Test
    void aDivergingMethodGetsItsRowAndTheOthersStillRun(@TempDir Path tmp) throws Exception {
        // the literal Taylor reading (trust 1) rolls a copy forward by τα/(1−μ) = 8 gradients per step: it blows up
        TrainCommandTest.Result r = TrainCommandTest.run("compare", "--methods", "predict-only,stale-dsgd,local",
                "--set", "predictor=taylor", "--set", "damping=1.0", "--tau", "8", "--epochs", "4", "--lr", "0.1",
                "--set", "trainLimit=1200", "--set", "testLimit=200", "--output", tmp.toString(), "--name", "div");
        assertEquals(0, r.code(), r.out() + r.err());
        String md = Files.readString(tmp.resolve("div").resolve("compare.md"));
        String predict = md.lines().filter(l -> l.startsWith("| predict-only")).findFirst().orElseThrow();
        String stale = md.lines().filter(l -> l.startsWith("| stale-dsgd")).findFirst().orElseThrow();
        String local = md.lines().filter(l -> l.startsWith("| local")).findFirst().orElseThrow();
        assertTrue(predict.contains("diverged at step") && predict.contains("(agent "), predict);
        assertTrue(stale.trim().endsWith("| ok |") || stale.contains("| ok "), stale);
        assertTrue(local.contains("| ok "), local);
        assertTrue(r.out().contains("predict-only: diverged at step"), r.out());
    }

    @Test
    void methodsComeFromTheRegistry() {
        assertEquals(List.of("pc-asgd", "pc-asgd-pv", "predict-only", "clip-only", "stale-dsgd", "dsgd", "local"),
                CompareCommand.defaultMethods(), "every method of n agents");
        TrainCommandTest.Result help = TrainCommandTest.run("compare", "--help");
        String flat = help.out().replaceAll("\\s+", " ");
        assertTrue(flat.contains("--method=<method> pc-asgd, pc-asgd-pv, predict-only, clip-only, stale-dsgd, dsgd,"
                + " centralized, local"), help.out());
        assertTrue(flat.contains("methods to compare, of pc-asgd, pc-asgd-pv,"), help.out());
    }
}
