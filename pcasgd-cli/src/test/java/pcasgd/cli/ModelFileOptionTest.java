package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.report.MetricsCsv;

/** {@code --model path/to/model.pt}: the command line trains a TorchScript module like a zoo model. */
class ModelFileOptionTest {
    static final String TINY_MLP = "pcasgd-core/src/test/resources/pcasgd/fixtures/tiny-mlp.pt";

    @Test
    void trainsATorchScriptFileOnTheEmbeddedImages(@TempDir Path tmp) throws Exception {
        TrainCommandTest.Result r = TrainCommandTest.run("train", "--output", tmp.toString(), "--name", "ts", "--epochs", "1",
                "--model", TINY_MLP, "--set", "trainLimit=1000", "--set", "testLimit=200", "--agents", "4", "--topology", "ring");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(tmp.resolve("ts").resolve("metrics.csv"));
        assertEquals(2, lines.size(), "one epoch row");
        double acc = Double.parseDouble(MetricsCsv.parseLine(lines.get(1)).get(4));
        // 10 classes: chance is 0.1; the simulator is deterministic and one epoch of 1000 images takes the 784-16-10
        // MLP to 123 of the 200 test images, recorded. Rounding every message to bf16 or fp16, or 2 intra-op threads,
        // far more than another CPU's kernels change, left that count as it was: 5 images (0.025) either way
        assertEquals(0.615, acc, 0.025, "test accuracy");
        assertTrue(r.out().contains("12730 parameters"), r.out());
    }

    @Test
    void aMissingModelFileIsNamed(@TempDir Path tmp) {
        TrainCommandTest.Result r = TrainCommandTest.run("train", "--output", tmp.toString(), "--model", "no/such/net.pt");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("TorchScript file no/such/net.pt does not exist"), r.err());
    }
}
