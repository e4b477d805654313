package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import pcasgd.report.MetricsCsv;

/** The CLI end to end on the embedded data, and the errors a user sees for bad input. */
class TrainCommandTest {

    record Result(int code, String out, String err) { }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + Errors.describe(e));
            return 1;
        });
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void trainsOneShortEpochOnEmbeddedDataAndWritesRunFiles(@TempDir Path tmp) throws Exception {
        Result r = run("train", "--output", tmp.toString(), "--name", "e2e", "--epochs", "1",
                "--set", "trainLimit=3000", "--set", "testLimit=300", "--agents", "4", "--batch-size", "16", "--tau", "2");
        assertEquals(0, r.code(), r.err());
        Path dir = tmp.resolve("e2e");
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(String.join(",", MetricsCsv.COLUMNS), lines.get(0));
        assertEquals(2, lines.size(), "one epoch row");
        double acc = Double.parseDouble(MetricsCsv.parseLine(lines.get(1)).get(4));
        // the simulator is deterministic: 201 of the 300 test images, recorded. PyTorch's kernels differ across CPUs at
        // the last bits; perturbing far more, every message rounded to bf16 or fp16 (2^-8, 2^-11 relative), moved it
        // by 3 and 7 images, and 2 intra-op threads (another summation order) by none: 9 images (0.03) either way
        assertEquals(0.67, acc, 0.03, "test accuracy after one epoch (chance is 0.1)");
        String yaml = Files.readString(dir.resolve("config.yaml"));
        assertTrue(yaml.contains("tau: 2") && yaml.contains("agents: 4"), yaml);
        assertTrue(Files.exists(dir.resolve("timing.csv")));
        assertTrue(r.out().contains("final test accuracy"), r.out());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void rejectsUnknownMethodNamingTheValidOnes(@TempDir Path tmp) {
        Result r = run("train", "--output", tmp.toString(), "--method", "adam");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown method 'adam'") && r.err().contains("pc-asgd-pv"), r.err());
    }

    @Test
    void rejectsUnknownTopology(@TempDir Path tmp) {
        Result r = run("train", "--output", tmp.toString(), "--topology", "hypercube");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("hypercube") && r.err().contains("ring"), r.err());
    }

    @Test
    void rejectsThetaOutsideUnitInterval(@TempDir Path tmp) {
        Result r = run("train", "--output", tmp.toString(), "--theta", "1.5");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("theta must be in [0, 1]"), r.err());
    }

    @Test
    void rejectsNegativeDelay(@TempDir Path tmp) {
        Result r = run("train", "--output", tmp.toString(), "--tau", "-1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("tau must be >= 0"), r.err());
    }

    @Test
    void rejectsMoreAgentsThanTrainingExamples(@TempDir Path tmp) {
        Result r = run("train", "--output", tmp.toString(), "--agents", "16", "--set", "trainLimit=10");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("10") && r.err().contains("16 agents"), r.err());
    }

    @Test
    void rejectsDisconnectedGraph(@TempDir Path tmp) {
        Result r = run("train", "--output", tmp.toString(), "--topology", "erdos-renyi", "--set", "edgeProbability=0.001");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("disconnected"), r.err());
    }

    @Test
    void rejectsUnknownConfigKeyAndMissingConfigFile(@TempDir Path tmp) {
        Result r = run("train", "--output", tmp.toString(), "--set", "learningrate=0.1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown config key 'learningrate'") && r.err().contains("learningRate"), r.err());
        Result missing = run("train", "--config", tmp.resolve("nope.yaml").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("config file not found") && missing.err().contains("nope.yaml"), missing.err());
    }

    @Test
    void malformedYamlIsReportedWithTheFile(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "agents: [1, 2\n");
        Result r = run("train", "--config", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.yaml") && r.err().contains("not valid YAML"), r.err());
        Files.writeString(bad, "agents: many\n");
        Result typed = run("train", "--config", bad.toString());
        assertTrue(typed.err().contains("'agents' expects an integer, got 'many'"), typed.err());
    }

    @Test
    void divergenceStopsNamingStepAndAgentAndKeepsCompleteFiles(@TempDir Path tmp) throws Exception {
        // a learning rate this large overflows the loss at once: 128 examples on 2 agents of batch 32 make epochs of
        // 2 steps, the loss is NaN at step 2 (the first of epoch 2), so epoch 1, and only it, was written
        Result r = run("train", "--output", tmp.toString(), "--name", "nan", "--epochs", "3", "--lr", "1e6",
                "--set", "trainLimit=128", "--set", "testLimit=100", "--agents", "2", "--topology", "ring");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("diverged") && r.err().contains("at step 2") && r.err().contains("on agent"), r.err());
        Path metrics = tmp.resolve("nan").resolve("metrics.csv");
        assertTrue(Files.exists(metrics), "the finished epoch's metrics are kept");
        List<String> lines = Files.readAllLines(metrics);
        assertEquals(2, lines.size(), "header and epoch 1: " + lines);
        List<String> row = MetricsCsv.parseLine(lines.get(1));
        assertEquals(MetricsCsv.COLUMNS.size(), row.size(), "a complete row");
        assertEquals(List.of("1", "2"), row.subList(0, 2), "epoch 1, ending at step 2");
        assertTrue(Files.exists(tmp.resolve("nan").resolve("config.yaml")));
    }
}
