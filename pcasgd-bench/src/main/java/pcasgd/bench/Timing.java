package pcasgd.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Wall-clock timing helpers: per-repetition samples, summarised by median and 10th/90th percentiles. */
public final class Timing {
    private Timing() { }

    /** Summary of repetition times in milliseconds. */
    public record Stats(int reps, double median, double p10, double p90, double min) {
        static Stats of(double[] ms) {
            double[] s = ms.clone();
            Arrays.sort(s);
            return new Stats(s.length, pct(s, 0.5), pct(s, 0.1), pct(s, 0.9), s[0]);
        }

        private static double pct(double[] sorted, double q) {
            double pos = q * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(sorted.length - 1, lo + 1);
            return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
        }
    }

    /** Times {@code body} once, in milliseconds. */
    public static double once(Runnable body) {
        long t = System.nanoTime();
        body.run();
        return (System.nanoTime() - t) / 1e6;
    }

    /** Runs {@code body} for at least {@code warmupMs} untimed, then at least {@code minReps} times and {@code minMs}. */
    public static Stats measure(Runnable body, double warmupMs, int minReps, double minMs) {
        long end = System.nanoTime() + (long) (warmupMs * 1e6);
        do {
            body.run();
        } while (System.nanoTime() < end);
        List<Double> ms = new ArrayList<>();
        double total = 0;
        while (ms.size() < minReps || total < minMs) {
            double t = once(body);
            ms.add(t);
            total += t;
        }
        return Stats.of(ms.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Interleaved timing of several bodies: round r runs every body once, in turn, so that a change in
     * the machine's load affects all bodies alike. Returns one summary per body.
     */
    public static Stats[] interleaved(Runnable[] bodies, int warmupRounds, int rounds) {
        for (int r = 0; r < warmupRounds; r++) {
            for (Runnable b : bodies) {
                b.run();
            }
        }
        double[][] ms = new double[bodies.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < bodies.length; k++) {
                ms[k][r] = once(bodies[k]);
            }
        }
        Stats[] out = new Stats[bodies.length];
        for (int k = 0; k < bodies.length; k++) {
            out[k] = Stats.of(ms[k]);
        }
        return out;
    }

    /** Resident set size of this process in MiB (Linux /proc), NaN elsewhere. */
    public static double rssMiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** 1-minute load average, NaN where unknown (noted next to every figure). */
    public static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
