package pcasgd.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pcasgd.report.MetricsCsv;
import pcasgd.report.SweepCsv;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.MetricSet;
import pcasgd.agent.TrainingDivergedException;
import pcasgd.metrics.TrainingListener;

/**
 * Runs a {@link SweepGrid}'s points one after another with one {@link RunBuilder} (data, shards and
 * model oracles are shared), and appends each finished point's rows to {@code <dir>/sweep.csv}.
 * A point whose rows are already there is skipped, so an interrupted sweep resumes where it stopped.
 * Each point also gets its own run directory under {@code <dir>/points/}.
 */
public final class Sweep {
    /** Always recorded, swept or not, so figures can group by them. */
    static final List<String> CONTEXT_KEYS = List.of("method", "tau", "agents", "theta");

    /** What a caller (the CLI) sees of the sweep's progress. */
    public interface Events {
        default void skipped(int done, int total) { }

        /** Listeners for the point about to run ({@code index} counts from 1 over all points). */
        default List<TrainingListener> starting(SweepPoint p, int index, int total) {
            return List.of();
        }

        default void finished(SweepPoint p, int index, int total, List<EpochMetrics> epochs, double wallSeconds) { }

        default void diverged(SweepPoint p, int index, int total, TrainingDivergedException e) { }
    }

    public record Outcome(int total, int skipped, int ran, int diverged) { }

    private final SweepGrid grid;
    private final Path dir;
    private final RunBuilder builder;

    public Sweep(SweepGrid grid, Path dir, RunBuilder builder) {
        this.grid = grid;
        this.dir = dir;
        this.builder = builder;
    }

    public Path csv() {
        return dir.resolve("sweep.csv");
    }

    public List<String> settingColumns() {
        List<String> cols = new ArrayList<>(grid.keys());
        CONTEXT_KEYS.stream().filter(k -> !cols.contains(k)).forEach(cols::add);
        return cols;
    }

    /** The settings point {@code p} runs with: its own, named after it, in {@code <dir>/points/}. */
    public TrainConfig runConfig(SweepPoint p) {
        return p.config().copy().set("name", p.runName()).set("output", dir.resolve("points").toString());
    }

    public Outcome run(Events events) throws IOException {
        List<SweepPoint> points = grid.points();
        List<String> lines = new ArrayList<>(existing());
        Set<String> done = doneIds(lines);
        int skipped = (int) points.stream().filter(p -> done.contains(p.id())).count();
        if (skipped > 0) {
            events.skipped(skipped, points.size());
        }
        int ran = 0;
        int diverged = 0;
        TrainingSession session = new TrainingSession(builder);
        for (int i = 0; i < points.size(); i++) {
            SweepPoint p = points.get(i);
            if (done.contains(p.id())) {
                continue;
            }
            TrainConfig c = runConfig(p);
            EpochCollector collected = new EpochCollector();
            List<TrainingListener> listeners = new ArrayList<>(events.starting(p, i + 1, points.size()));
            listeners.add(collected);
            long start = System.nanoTime();
            String status = "ok";
            try {
                session.run(c, listeners);
            } catch (TrainingDivergedException e) {
                status = "diverged";
                diverged++;
                events.diverged(p, i + 1, points.size(), e);
            }
            // whole rows of a finished point only, written with one atomic rewrite
            lines.addAll(SweepCsv.lines(settings(p), p.seed(), rowsFor(collected.epochs, status), status));
            SweepCsv.write(csv(), lines);
            ran++;
            if (status.equals("ok")) {
                events.finished(p, i + 1, points.size(), collected.epochs, (System.nanoTime() - start) / 1e9);
            }
        }
        return new Outcome(points.size(), skipped, ran, diverged);
    }

    /** The grid's points with no rows in {@code sweep.csv} yet: what {@link #run} would run. */
    public List<SweepPoint> pending() throws IOException {
        Set<String> done = doneIds(existing());
        return grid.points().stream().filter(p -> !done.contains(p.id())).toList();
    }

    /** A diverged point with no finished epoch still gets one (empty) row, so a rerun does not repeat it. */
    private static List<EpochMetrics> rowsFor(List<EpochMetrics> epochs, String status) {
        if (!epochs.isEmpty() || status.equals("ok")) {
            return epochs;
        }
        return List.of(EpochMetrics.unmeasured(0, 0, MetricSet.standard().names()));
    }

    private Map<String, String> settings(SweepPoint p) {
        Map<String, String> s = new LinkedHashMap<>();
        for (String k : settingColumns()) {
            s.put(k, p.values().containsKey(k) ? p.values().get(k) : String.valueOf(p.config().get(k)));
        }
        return s;
    }

    /** The existing file's lines; a header that differs from this grid's is an error, never overwritten. */
    private List<String> existing() throws IOException {
        List<String> lines = SweepCsv.readLines(csv());
        String header = String.join(",", SweepCsv.header(settingColumns()));
        if (lines.isEmpty()) {
            return List.of(header);
        }
        if (!lines.get(0).equals(header)) {
            throw new ConfigException(csv() + " was written by a sweep with other columns (" + lines.get(0)
                    + "); use another --name or --output for this grid");
        }
        return lines;
    }

    /** Ids of the points that have rows in the file. */
    private Set<String> doneIds(List<String> lines) {
        List<String> header = MetricsCsv.parseLine(lines.get(0));
        List<String> keys = grid.keys();
        int seedCol = header.indexOf(SweepCsv.SEED);
        Set<String> ids = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = MetricsCsv.parseLine(line);
            Map<String, String> values = new LinkedHashMap<>();
            for (String k : keys) {
                values.put(k, cells.get(header.indexOf(k)));
            }
            ids.add(new SweepPoint(values, Long.parseLong(cells.get(seedCol)), null).id());
        }
        return ids;
    }

    private static final class EpochCollector implements TrainingListener {
        final List<EpochMetrics> epochs = new ArrayList<>();

        @Override
        public void onEpoch(EpochMetrics m) {
            epochs.add(m);
        }
    }
}
