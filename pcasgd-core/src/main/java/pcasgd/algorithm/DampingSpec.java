package pcasgd.algorithm;

import java.util.Locale;

/**
 * How far a forward predictor is trusted: the predicted copy is x̂_j + β·(forward step), β ∈ [0, 1].
 * Either a fixed β (the default, 1, chosen on a validation split), or {@code auto}: β_ij is fitted
 * online, per neighbour, by least squares of the displacement the predictor would have forecast over
 * a past window against the displacement that then really happened (see {@link NeighbourTrack});
 * {@code memory} is the forgetting factor of that fit. Forward steps without a bound overshoot
 * (x̂_j + τ·v_j lost 12 points at τ = 16). The fit minimises each copy's error, which minibatch
 * noise dominates: it drives β towards 0 and gives up most of the accuracy a fixed β gains.
 */
public record DampingSpec(boolean auto, double fixed, double memory) {
    public DampingSpec {
        if (!auto && !(fixed >= 0 && fixed <= 1)) {
            throw new IllegalArgumentException("damping must be 'auto' or a number in [0, 1], got " + fixed);
        }
        if (!(memory >= 0 && memory < 1)) {
            throw new IllegalArgumentException("damping memory must be in [0, 1), got " + memory);
        }
    }

    public static DampingSpec auto(double memory) {
        return new DampingSpec(true, Double.NaN, memory);
    }

    public static DampingSpec fixed(double beta) {
        return new DampingSpec(false, beta, 0.9);
    }

    /** "auto" or a number in [0, 1]. */
    public static DampingSpec parse(String text, double memory) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return auto(memory);
        }
        try {
            return new DampingSpec(false, Double.parseDouble(t), memory);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("damping must be 'auto' or a number in [0, 1], got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return auto ? "auto" : Double.toString(fixed);
    }
}
