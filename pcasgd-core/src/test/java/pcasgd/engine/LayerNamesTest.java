package pcasgd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LayerNamesTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(1);
    }

    @Test
    void lenetHasTheHumanNames() {
        try (DjlOracle o = DjlOracle.create("lenet", new int[] {1, 28, 28}, 10)) {
            assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                    "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"), o.layout().names());
            // DJL's own path stays available.
            assertEquals("01Conv2d_weight", o.layout().segment("conv1.weight").path());
            assertEquals("12Linear_bias", o.layout().segment("fc3.bias").path());
            assertEquals(List.of(84L, 120L), List.of(o.layout().segment("fc2.weight").shape()[0], o.layout().segment("fc2.weight").shape()[1]));
        }
    }

    @Test
    void resnet20NamesAreUniqueAndRunningStatsAreTheNonTrainableOnes() {
        try (DjlOracle o = DjlOracle.create("resnet20", new int[] {3, 32, 32}, 10)) {
            List<String> names = o.layout().names();
            assertEquals(names.size(), new HashSet<>(names).size(), "duplicate names: " + names);
            // 19 convolutions each followed by a batch norm (4 tensors), and one classifier.
            assertEquals(19 * 5 + 2, names.size());
            assertEquals("conv1.weight", names.get(0));
            assertEquals(List.of("fc1.weight", "fc1.bias"), names.subList(names.size() - 2, names.size()));
            Pattern running = Pattern.compile("bn([1-9]|1[0-9])\\.running(Mean|Var)");
            int nonTrainable = 0;
            for (ParameterLayout.Segment s : o.layout().segments()) {
                assertEquals(!running.matcher(s.name()).matches(), s.trainable(), s.name());
                nonTrainable += s.trainable() ? 0 : 1;
            }
            assertEquals(2 * 19, nonTrainable);
            assertEquals(Set.of("weight"), suffixes(names, "conv"));
            assertEquals(Set.of("gamma", "beta", "runningMean", "runningVar"), suffixes(names, "bn"));
        }
    }

    private static Set<String> suffixes(List<String> names, String kind) {
        Set<String> s = new HashSet<>();
        for (String n : names) {
            if (n.matches(kind + "\\d+\\..*")) {
                s.add(n.substring(n.indexOf('.') + 1));
            }
        }
        return s;
    }

    @Test
    void everyZooModelHasUniqueHumanNames() {
        Pattern human = Pattern.compile("(conv|bn|fc)[1-9][0-9]*\\.(weight|bias|gamma|beta|runningMean|runningVar)");
        String[][] models = {{"mlp", "1,28,28"}, {"mlp:8,4", "5"}, {"lenet", "3,32,32"}, {"vgg-small", "3,32,32"}, {"vgg", "3,32,32"}};
        for (String[] m : models) {
            int[] shape = java.util.Arrays.stream(m[1].split(",")).mapToInt(Integer::parseInt).toArray();
            try (NDManager manager = NDManager.newBaseManager(Device.cpu(), EngineSetup.ENGINE_NAME)) {
                Block b = pcasgd.model.Models.create(m[0], shape, 10);
                long[] batch = new long[shape.length + 1];
                batch[0] = 1;
                for (int i = 0; i < shape.length; i++) {
                    batch[i + 1] = shape[i];
                }
                b.initialize(manager, DataType.FLOAT32, new Shape(batch));
                List<LayerNames.Entry> entries = LayerNames.of(b);
                assertEquals(b.getParameters().size(), entries.size(), m[0]);
                Set<String> seen = new HashSet<>();
                for (LayerNames.Entry e : entries) {
                    assertTrue(human.matcher(e.name()).matches(), m[0] + ": " + e.name());
                    assertTrue(seen.add(e.name()), m[0] + ": duplicate " + e.name());
                }
                if (m[0].equals("mlp:8,4")) {
                    assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"),
                            entries.stream().map(LayerNames.Entry::name).toList());
                }
                if (m[0].equals("vgg")) {
                    // Five convolutions with batch norm, then the classifier.
                    assertEquals("conv5.weight", entries.get(4 * 5).name());
                    assertEquals("bn5.runningVar", entries.get(4 * 5 + 4).name());
                    assertEquals("fc1.bias", entries.get(entries.size() - 1).name());
                }
            }
        }
    }

    /** A user layer: multiplies its input by one learned factor. */
    static final class Scale extends AbstractBlock {
        private final Parameter factor;

        Scale() {
            factor = addParameter(Parameter.builder().setName("factor").setType(Parameter.Type.GAMMA).optShape(new Shape(1)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            return new NDList(x.mul(store.getValue(factor, x.getDevice(), training)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    @Test
    void otherLayerKindsAreNamedAfterTheirClass() {
        try (DjlOracle o = DjlOracle.builder().block("custom", () -> new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(4).build())
                .add(LayerNorm.builder().build())
                .add(new Scale())
                .add(Linear.builder().setUnits(3).build())).inputShape(6).numClasses(3).build()) {
            assertEquals(List.of("fc1.weight", "fc1.bias", "ln1.gamma", "ln1.beta", "scale1.factor", "fc2.weight", "fc2.bias"),
                    o.layout().names());
        }
    }

    @Test
    void layoutRejectsDuplicateNamesAndListsValidOnesOnABadLookup() {
        ParameterLayout.Builder b = ParameterLayout.builder().add("fc1.weight", "a", new long[] {2, 2}, true);
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> b.add("fc1.weight", "b", new long[] {2}, true));
        assertTrue(dup.getMessage().contains("fc1.weight") && dup.getMessage().contains("a and b"), dup.getMessage());
        ParameterLayout l = ParameterLayout.builder().add("x", new long[] {3}, true).build();
        assertEquals(0, l.indexOf("x"));
        assertEquals(-1, l.indexOf("y"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> l.segment("y"));
        assertTrue(missing.getMessage().contains("[x]"), missing.getMessage());
        assertFalse(l.segments().isEmpty());
        assertEquals("x", l.segment("x").path());
    }
}
