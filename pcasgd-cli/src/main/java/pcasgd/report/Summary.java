package pcasgd.report;

import java.util.Arrays;
import java.util.Locale;

/** Mean and sample standard deviation of the finite values among some numbers (NaN = missing). */
public record Summary(double mean, double std, int count) {

    public static Summary of(double... values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        if (v.length == 0) {
            return new Summary(Double.NaN, Double.NaN, 0);
        }
        double mean = Arrays.stream(v).average().orElseThrow();
        double ss = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
        return new Summary(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, v.length);
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /**
     * Half the width of the 95 % confidence interval of the mean, Student's t with n − 1 degrees of
     * freedom: t(0.975, n − 1) · std / √n. NaN for fewer than two values (no spread to go by).
     */
    public double halfWidth95() {
        return count < 2 ? Double.NaN : StudentT.quantile(0.975, count - 1) * std / Math.sqrt(count);
    }

    /** "+1.90 [+0.91, +2.89]": the mean and its 95 % t-interval (the mean alone for a single value; "-" when empty). */
    public String formatInterval(int decimals) {
        if (isEmpty()) {
            return "-";
        }
        String f = "%+." + decimals + "f";
        String m = String.format(Locale.ROOT, f, mean);
        double h = halfWidth95();
        return Double.isNaN(h) ? m : m + " [" + String.format(Locale.ROOT, f, mean - h) + ", "
                + String.format(Locale.ROOT, f, mean + h) + "]";
    }

    /** "0.8123 ± 0.0041" ("-" when empty, no ± part for a single value). */
    public String format(int decimals) {
        if (isEmpty()) {
            return "-";
        }
        String m = String.format(Locale.ROOT, "%." + decimals + "f", mean);
        return count == 1 ? m : m + " ± " + String.format(Locale.ROOT, "%." + decimals + "f", std);
    }
}
