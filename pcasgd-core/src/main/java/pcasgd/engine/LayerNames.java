package pcasgd.engine;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.convolutional.Deconvolution;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Human names for the parameters of a DJL block tree, in the order of {@link Block#getParameters()}:
 * every layer that owns parameters is numbered within its kind, in parameter order, and the DJL
 * parameter name becomes the suffix. LeNet's {@code 01Conv2d_weight} becomes {@code conv1.weight},
 * ResNet-20's {@code 04ParallelBlock_01SequentialBlock_01SequentialBlock_02BatchNorm_runningMean}
 * becomes {@code bn4.runningMean}.
 *
 * <p>Kinds: any convolution → {@code conv}, deconvolution → {@code deconv}, {@code Linear} →
 * {@code fc}, {@code BatchNorm} → {@code bn}, {@code LayerNorm} → {@code ln}, {@code Embedding} →
 * {@code embedding}; any other block with its own parameters → its lower-cased class name. Names are
 * unique: a layer's number is unique within its kind and a block's parameter names are unique.
 */
public final class LayerNames {
    private LayerNames() { }

    /** One parameter: DJL's path (the key in {@code getParameters()}) and the human name. */
    public record Entry(String path, String name, Parameter parameter) { }

    /** The parameters of {@code root}, in {@code getParameters()} order, with human names. */
    public static List<Entry> of(Block root) {
        List<Entry> out = new ArrayList<>();
        walk(root, "", new HashMap<>(), out);
        // A block that overrides getParameters() could list tensors our walk cannot see; then we
        // fall back to DJL's own paths rather than guess which name belongs to which tensor.
        List<Pair<String, Parameter>> params = root.getParameters().stream().toList();
        boolean aligned = params.size() == out.size();
        for (int i = 0; aligned && i < params.size(); i++) {
            aligned = params.get(i).getKey().equals(out.get(i).path()) && params.get(i).getValue() == out.get(i).parameter();
        }
        if (aligned) {
            return out;
        }
        List<Entry> raw = new ArrayList<>(params.size());
        for (Pair<String, Parameter> p : params) {
            raw.add(new Entry(p.getKey(), p.getKey(), p.getValue()));
        }
        return raw;
    }

    /** Mirrors AbstractBaseBlock.getParameters(): direct parameters first, then children, keys joined by '_'. */
    private static void walk(Block block, String prefix, Map<String, Integer> counters, List<Entry> out) {
        List<Pair<String, Parameter>> direct = block.getDirectParameters().stream().toList();
        if (!direct.isEmpty()) {
            String kind = kind(block);
            int index = counters.merge(kind, 1, Integer::sum);
            for (Pair<String, Parameter> p : direct) {
                out.add(new Entry(prefix + p.getKey(), kind + index + "." + p.getKey(), p.getValue()));
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            walk(child.getValue(), prefix + child.getKey() + "_", counters, out);
        }
    }

    static String kind(Block block) {
        if (block instanceof Convolution) {
            return "conv";
        }
        if (block instanceof Deconvolution) {
            return "deconv";
        }
        if (block instanceof Linear) {
            return "fc";
        }
        if (block instanceof BatchNorm) {
            return "bn";
        }
        if (block instanceof LayerNorm) {
            return "ln";
        }
        if (block instanceof Embedding) {
            return "embedding";
        }
        String simple = block.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        if (simple.isEmpty()) {
            simple = "layer"; // anonymous class
        }
        // A kind ending in a digit could collide with another kind's numbering ("fc1" + 1 vs "fc" + 11).
        return Character.isDigit(simple.charAt(simple.length() - 1)) ? simple + "_" : simple;
    }
}
