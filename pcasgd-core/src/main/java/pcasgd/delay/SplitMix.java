package pcasgd.delay;

/**
 * Stateless SplitMix64 hashing: each random draw is a pure function of its coordinates
 * (seed, from, to, step, purpose), so delays are reproducible whatever order agents ask in.
 */
public final class SplitMix {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix() {
    }

    /** The SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijective 64-bit avalanche mix. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Hash of a sequence of coordinates; chaining through mix makes the order of parts matter. */
    public static long hash(long seed, long... parts) {
        long h = mix(seed + GOLDEN_GAMMA);
        for (long p : parts) {
            h = mix(h + GOLDEN_GAMMA + p);
        }
        return h;
    }

    /** Uniform double in [0, 1) from the top 53 bits. */
    public static double unitDouble(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** Uniform int in [lo, hi] (inclusive); modulo bias is below 2^-32 for any int range. */
    public static int uniformInt(long h, int lo, int hi) {
        long range = (long) hi - lo + 1;
        return (int) (lo + Long.remainderUnsigned(h, range));
    }
}
