package pcasgd.engine;

import ai.djl.nn.Parameter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Initial parameters computed in Java, so they depend on the seed alone — not on the engine, its
 * version, or how many replicas were built before. Weights are Kaiming/He normal, N(0, 2/fan_in),
 * suited to the ReLU nets of the zoo; biases and BN beta 0, BN gamma 1, running mean 0 and
 * running variance 1 (the state of a never-trained BN layer).
 */
final class HeInitializer {
    private HeInitializer() { }

    static float[] initialize(ParameterLayout layout, List<Parameter.Type> types, long seed) {
        float[] x = new float[layout.dimension()];
        // One stream walked in layout order: adding a layer at the end never changes earlier layers.
        SplittableRandom rng = new SplittableRandom(seed);
        List<ParameterLayout.Segment> segments = layout.segments();
        for (int k = 0; k < segments.size(); k++) {
            ParameterLayout.Segment s = segments.get(k);
            switch (types.get(k)) {
                case GAMMA:
                case RUNNING_VAR:
                    fill(x, s, 1f);
                    break;
                case BIAS:
                case BETA:
                case RUNNING_MEAN:
                    break;
                default:
                    if (s.shape().length < 2) {
                        break;
                    }
                    double std = Math.sqrt(2.0 / fanIn(s.shape()));
                    for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                        x[i] = (float) (rng.nextGaussian() * std);
                    }
            }
        }
        return x;
    }

    /** Conv [out, in, kh, kw] → in·kh·kw; linear [out, in] → in. */
    static long fanIn(long[] shape) {
        long f = 1;
        for (int d = 1; d < shape.length; d++) {
            f *= shape[d];
        }
        return f;
    }

    private static void fill(float[] x, ParameterLayout.Segment s, float v) {
        java.util.Arrays.fill(x, s.offset(), s.offset() + s.size(), v);
    }
}
