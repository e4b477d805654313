package pcasgd.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pcasgd.data.Dataset;
import pcasgd.data.TrainTest;
import pcasgd.runtime.SimulationSpec;

/**
 * {@code validationFraction}: a seeded random share of the training set becomes the evaluation set,
 * the rest is trained on, and the test set is not used. Examples are told apart by their features
 * (Gaussian blobs: every row is distinct, checked).
 */
class ValidationSplitTest {
    static TrainConfig blobs(int train, double fraction) {
        return new TrainConfig().set("dataset", "blobs").set("model", "mlp:").set("trainLimit", train).set("testLimit", 100)
                .set("agents", 4).set("validationFraction", fraction).set("seed", 5);
    }

    /** Each row's features, as a key, with its label. */
    static Map<List<Float>, Integer> rows(Dataset d) {
        Map<List<Float>, Integer> out = new HashMap<>();
        int f = d.featureSize();
        for (int i = 0; i < d.size(); i++) {
            Float[] row = new Float[f];
            for (int k = 0; k < f; k++) {
                row[k] = d.features()[i * f + k];
            }
            assertEquals(null, out.put(Arrays.asList(row), d.label(i)), "row " + i + " repeats an earlier one");
        }
        return out;
    }

    @Test
    void heldOutSizesAreTheRoundedFractionAndTheTwoPartsSplitTheTrainingSet() {
        ConfigData loader = new ConfigData();
        // 405 x 0.1 = 40.5 rounds to 41 held out, 364 trained on; 400 x 0.25 = 100 and 300
        for (Object[] c : new Object[][] {{405, 0.1, 41}, {400, 0.25, 100}}) {
            int n = (Integer) c[0];
            int held = (Integer) c[2];
            TrainTest full = loader.load(blobs(n, 0));
            TrainTest split = loader.load(blobs(n, (Double) c[1]));
            assertEquals(n, full.train().size());
            assertEquals(n - held, split.train().size(), "trained on");
            assertEquals(held, split.test().size(), "held out");
            Map<List<Float>, Integer> all = rows(full.train());
            Map<List<Float>, Integer> trained = rows(split.train());
            Map<List<Float>, Integer> validation = rows(split.test());
            Set<List<Float>> both = new HashSet<>(trained.keySet());
            both.retainAll(validation.keySet());
            assertEquals(Set.of(), both, "an example both trained on and held out");
            Map<List<Float>, Integer> union = new HashMap<>(trained);
            union.putAll(validation);
            assertEquals(all, union, "together the two parts are the training set, labels included");
            // the test set is left out altogether
            Set<List<Float>> test = rows(full.test()).keySet();
            assertTrue(test.stream().noneMatch(validation::containsKey), "a test example in the validation set");
        }
    }

    @Test
    void theSplitIsSeededAndRandom() {
        Dataset train = new ConfigData().load(blobs(400, 0)).train();
        TrainTest a = ConfigData.validationSplit(train, 0.25, 1);
        TrainTest again = ConfigData.validationSplit(train, 0.25, 1);
        TrainTest other = ConfigData.validationSplit(train, 0.25, 2);
        assertEquals(rows(a.test()), rows(again.test()), "same seed, same split");
        assertNotEquals(rows(a.test()).keySet(), rows(other.test()).keySet(), "another seed, another split");
        // not the last quarter: a shuffled pick reaches into the first three quarters too
        Set<List<Float>> tail = rows(train.subset(java.util.stream.IntStream.range(300, 400).toArray())).keySet();
        assertNotEquals(tail, rows(a.test()).keySet());
    }

    @Test
    void theRunTrainsOnTheRestAndEvaluatesOnTheHeldOutPart() {
        try (RunBuilder b = new RunBuilder()) {
            SimulationSpec spec = b.simulation(blobs(400, 0.25));
            assertEquals(300, spec.trainSet().size());
            assertEquals(100, spec.testSet().size());
            assertEquals(rows(b.data(blobs(400, 0.25)).test()), rows(spec.testSet()));
        }
    }

    @Test
    void aFractionThatLeavesEitherPartEmptyIsRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigData().load(blobs(400, 0.001)));
        assertTrue(e.getMessage().contains("validationFraction 0.001 of 400 training examples leaves 0 for validation"),
                e.getMessage());
        assertThrows(ConfigException.class, () -> blobs(400, 1.0).validate());
    }
}
