package pcasgd.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The benchmark's CSV: one row per measured case. {@code value}/{@code unit} carry the case's own
 * figure (ms per step, GB/s, GFLOP/s, MiB of RSS, ...); the timing columns are milliseconds per
 * repetition (median, 10th and 90th percentile) or empty where a case is not a timing.
 */
public final class Csv {
    public static final String HEADER = "part,case,model,batch,threads,workers,reps,median_ms,p10_ms,p90_ms,value,unit,note";

    private final PrintWriter out;
    private final PrintWriter echo;

    public Csv(PrintWriter out, PrintWriter echo) {
        this.out = out;
        this.echo = echo;
        out.println(HEADER);
        out.flush();
        if (echo != null) {
            echo.println(HEADER);
            echo.flush();
        }
    }

    public void row(String part, String kase, String model, int batch, int threads, int workers,
                    Timing.Stats t, double value, String unit, String note) {
        String line = String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s",
                part, kase, model == null ? "" : model, batch > 0 ? Integer.toString(batch) : "", threads,
                workers > 0 ? Integer.toString(workers) : "",
                t == null ? "" : Integer.toString(t.reps()),
                t == null ? "" : fmt(t.median()), t == null ? "" : fmt(t.p10()), t == null ? "" : fmt(t.p90()),
                fmt(value), unit, note == null ? "" : '"' + note.replace("\"", "'") + '"');
        out.println(line);
        out.flush();
        if (echo != null) {
            echo.println(line);
            echo.flush();
        }
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : Math.abs(v) >= 1 ? "%.3f" : "%.5f", v);
    }
}
