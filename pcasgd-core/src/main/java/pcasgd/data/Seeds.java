package pcasgd.data;

/**
 * Derives independent seeds from (seed, a, b) with the SplitMix64 finaliser. A plain
 * {@code seed + agent} would give neighbouring agents correlated java.util.Random streams (its LCG
 * scrambles the seed only linearly), and would make (agent 1, pass 0) collide with (agent 0, pass 1).
 */
public final class Seeds {
    private Seeds() {}

    public static long derive(long seed, long a, long b) {
        return mix(mix(mix(seed) ^ a) ^ (b * 0x9E3779B97F4A7C15L));
    }

    public static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
