package pcasgd.algorithm;

/**
 * The elements of layers that do not train ({@link StepContext#trainable()}), within one block
 * {@code [lo, hi)} of the flat vector. Every method is a no-op when every layer trains, so such
 * models see exactly the float operations they saw before.
 */
final class Frozen {
    private Frozen() { }

    /** Sets {@code a[d] = 0} on the frozen elements of {@code [lo, hi)}. */
    static void zero(StepContext c, float[] a, int lo, int hi) {
        if (c.trainable() != null) {
            forLayers(c, lo, hi, false, (from, to) -> java.util.Arrays.fill(a, from, to, 0f));
        }
    }

    /** Copies {@code src} into {@code dst} on the frozen elements of {@code [lo, hi)}. */
    static void copy(StepContext c, float[] src, float[] dst, int lo, int hi) {
        if (c.trainable() != null) {
            forLayers(c, lo, hi, false, (from, to) -> System.arraycopy(src, from, dst, from, to - from));
        }
    }

    /** A range of elements. */
    @FunctionalInterface
    interface RangeAction {
        void run(int lo, int hi);
    }

    /** Runs {@code action} on the trainable parts of {@code [lo, hi)}: once on the whole block when every layer trains. */
    static void forTrainable(StepContext c, int lo, int hi, RangeAction action) {
        if (c.trainable() == null) {
            action.run(lo, hi);
        } else {
            forLayers(c, lo, hi, true, action);
        }
    }

    /** Runs {@code action} on the part within {@code [lo, hi)} of every layer whose trainability is {@code trainable}. */
    private static void forLayers(StepContext c, int lo, int hi, boolean trainable, RangeAction action) {
        int[] b = c.segmentBounds();
        for (int k = 0; k + 1 < b.length; k++) {
            if (c.trainable()[k] == trainable) {
                int from = Math.max(lo, b[k]);
                int to = Math.min(hi, b[k + 1]);
                if (from < to) {
                    action.run(from, to);
                }
            }
        }
    }
}
