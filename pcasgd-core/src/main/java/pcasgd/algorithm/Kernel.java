package pcasgd.algorithm;

import java.util.Locale;

/**
 * How a step's equations are laid over memory (as PyTorch's {@code foreach} flag). Both apply the
 * same float operations to each element in the same order, so they give bit-identical results.
 */
public enum Kernel {
    /** One pass over memory: momentum and the whole mix for one cache-sized block, then the next. */
    FUSED,
    /** One whole-vector pass per operation: momentum for all elements, then the mix. Slower, plainer. */
    REFERENCE;

    public static Kernel parse(String s) {
        for (Kernel k : values()) {
            if (k.name().equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kernel '" + s + "'; valid: fused, reference");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
