package pcasgd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.api.Execution;
import pcasgd.api.ModelSpec;
import pcasgd.engine.DjlOracle;
import pcasgd.engine.GradientOracle;

/** Runs every example as a user would, so the examples in {@code examples/} and the README cannot rot. */
class ExamplesTest {

    @Test
    @Timeout(300)
    void customBlockLearnsTheBlobsInTheSimulatorAndOnThreads(@TempDir Path out) throws Exception {
        Map<Execution.Kind, Double> acc = CustomBlockExample.run(out);
        // chance is 1/3; the Bayes classifier of these clouds is right about 96% of the time
        assertTrue(acc.get(Execution.Kind.SIMULATOR) > 0.9, "simulator " + acc);
        assertTrue(acc.get(Execution.Kind.LOCAL) > 0.9, "local " + acc);
        assertTrue(Files.size(out.resolve("two-layer-simulator-0000.params")) > 0);
        assertTrue(Files.size(out.resolve("two-layer-local-0000.params")) > 0);
    }

    @Test
    @Timeout(300)
    void torchScriptModuleLearnsTheBandsAndIsWrittenBackAsTorchScript(@TempDir Path out) throws Exception {
        Map<Execution.Kind, Double> acc = TorchScriptExample.run(TorchScriptExample.FIXTURE, out);
        // chance is 1/10; each class is a band of rows two noise widths brighter than the rest
        assertTrue(acc.get(Execution.Kind.SIMULATOR) > 0.9, "simulator " + acc);
        assertTrue(acc.get(Execution.Kind.LOCAL) > 0.9, "local " + acc);
        // the written module loads as TorchScript again and carries trained weights, not the file's
        Path trained = out.resolve("tiny-mlp-simulator.pt");
        ModelSpec spec = ModelSpec.torchScript(trained, TorchScriptExample.SHAPE, TorchScriptExample.CLASSES)
                .withInitialWeights(DjlOracle.InitialWeights.FROM_MODEL);
        ModelSpec original = ModelSpec.torchScript(TorchScriptExample.FIXTURE, TorchScriptExample.SHAPE,
                TorchScriptExample.CLASSES).withInitialWeights(DjlOracle.InitialWeights.FROM_MODEL);
        try (GradientOracle t = spec.newOracle(); GradientOracle o = original.newOracle()) {
            assertEquals(o.layout().names(), t.layout().names());
            float[] before = o.initialParameters(0);
            float[] after = t.initialParameters(0);
            assertEquals(before.length, after.length);
            assertFalse(Arrays.equals(before, after), "training changed the weights");
            double accuracy = t.evaluate(after, TorchScriptExample.bands("test", 200, 2)).accuracy();
            assertEquals(acc.get(Execution.Kind.SIMULATOR), accuracy, 0.0, "the written module is the averaged model");
        }
    }
}
