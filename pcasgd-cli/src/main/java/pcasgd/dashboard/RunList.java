package pcasgd.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import pcasgd.experiment.RunDirectory;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.TrainingListener;

/**
 * What the dashboard shows: the run in progress (its {@link RunState}), and for a command that runs
 * several ({@code compare}, {@code sweep}) the list of them in order, each done, running or to come,
 * with its final accuracy and its {@code report.html} once written. {@code train} has one run and no
 * list ({@link #of(RunState)}). Counts every change of the list and of the run in progress, so one
 * event stream follows both. Thread-safe: the command writes while the server reads.
 */
public final class RunList {
    /** Where a run of the list is. */
    public enum Status { TO_COME, RUNNING, FINISHED, STOPPED, DIVERGED, FAILED, SKIPPED }

    /** One run of the list: its settings and folder; its state once it began; what ended it, where the state alone does not say. */
    private static final class Entry {
        final TrainConfig config;
        final Path folder;
        RunState state;
        boolean begun;
        Status ended;
        String note;
        boolean report;
        double skippedAccuracy = Double.NaN;

        Entry(TrainConfig config) {
            this.config = config;
            this.folder = RunDirectory.of(config).path();
        }
    }

    private final String title;
    private final List<Entry> entries = new ArrayList<>();
    private RunState current;
    private int currentIndex;
    private final AtomicLong version = new AtomicLong();
    private final AtomicLong contentVersion = new AtomicLong();
    /** Only ever locked last, to wait for and announce changes. */
    private final Object signal = new Object();

    private RunList(String title, RunState only) {
        this.title = title;
        this.current = only;
        only.watch(this::changed);
    }

    /** One run and no list ({@code train}, {@code launch}, {@code agent}). */
    public static RunList of(RunState state) {
        return new RunList(null, state);
    }

    /**
     * The runs of one command, in the order they will run; {@code title} names the command (e.g.
     * "compare demo"). Until the first begins, the page shows the first as waiting.
     */
    public static RunList of(String title, List<TrainConfig> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a run list needs at least one run");
        }
        RunList l = new RunList(title, RunState.of(runs.get(0)));
        for (TrainConfig c : runs) {
            l.entries.add(new Entry(c));
        }
        l.entries.get(0).state = l.current;
        return l;
    }

    // ---- written by the command ----

    /** Run {@code index} (from 0) starts: it becomes the one the page shows; its listener feeds it. */
    public TrainingListener begin(int index) {
        RunState s;
        synchronized (this) {
            Entry e = entries.get(index);
            if (e.state == null) {
                e.state = RunState.of(e.config);
            }
            e.begun = true;
            s = e.state;
            if (current != s) {
                current.watch(null);
                current = s;
                s.watch(this::changed);
            }
            currentIndex = index;
        }
        changed(true);
        return new DashboardListener(s);
    }

    /** Run {@code index} returned: its report is linked once its folder holds one. */
    public void ended(int index) {
        synchronized (this) {
            Entry e = entries.get(index);
            e.report = Files.isRegularFile(e.folder.resolve(RunReport.FILE));
        }
        changed(true);
    }

    /** Run {@code index} diverged ({@code why}: where); the others go on. */
    public void diverged(int index, String why) {
        RunState s;
        synchronized (this) {
            Entry e = entries.get(index);
            e.ended = Status.DIVERGED;
            e.note = why;
            s = e.state;
        }
        if (s != null) {
            s.event("diverged", why);
        }
        ended(index);
    }

    /** The run in progress failed with {@code message}; the command ends. */
    public void failCurrent(String message) {
        RunState s;
        synchronized (this) {
            Entry e = entries.isEmpty() ? null : entries.get(currentIndex);
            if (e != null) {
                e.ended = Status.FAILED;
                e.note = message;
            }
            s = current;
        }
        s.fail(message);
        changed(true);
    }

    /** Run {@code index} was not run ({@code why}, e.g. its results are there already); an earlier report of it is linked. */
    public void skipped(int index, String why) {
        synchronized (this) {
            Entry e = entries.get(index);
            if (e.begun || e.ended != null) {
                return;
            }
            e.ended = Status.SKIPPED;
            e.note = why;
            e.report = Files.isRegularFile(e.folder.resolve(RunReport.FILE));
            if (Files.isRegularFile(e.folder.resolve("config.yaml"))) {
                try {
                    e.skippedAccuracy = RunReport.read(e.folder).lastAccuracy();
                } catch (RuntimeException ex) {
                    // its earlier files do not read: no accuracy to show
                }
            }
        }
        changed(true);
    }

    /** Every run before {@code index} that never began was skipped ({@code why}). */
    public void skippedBefore(int index, String why) {
        for (int k = 0; k < index; k++) {
            skipped(k, why);
        }
    }

    // ---- read by the server ----

    /** The run the page shows: the one in progress, or the last that ran. */
    public synchronized RunState current() {
        return current;
    }

    /** How many runs the list holds (0: a single run, no list). */
    public synchronized int size() {
        return entries.size();
    }

    /** Where run {@code index} is. */
    public synchronized Status status(int index) {
        Entry e = entries.get(index);
        if (e.ended != null) {
            return e.ended;
        }
        if (!e.begun) {
            return Status.TO_COME;
        }
        return switch (e.state.status()) {
            case WAITING, RUNNING -> Status.RUNNING;
            case FINISHED -> Status.FINISHED;
            case STOPPED -> Status.STOPPED;
            case FAILED -> Status.FAILED;
        };
    }

    /** Run {@code index}'s report.html once written (or left by an earlier run of a skipped one); null otherwise or out of range. */
    public synchronized Path report(int index) {
        if (index < 0 || index >= entries.size() || !entries.get(index).report) {
            return null;
        }
        return entries.get(index).folder.resolve(RunReport.FILE);
    }

    /** The address of run {@code index}'s report on the dashboard's server, relative to its page. */
    static String reportPath(int index) {
        return "runs/" + index + "/" + RunReport.FILE;
    }

    public long version() {
        return version.get();
    }

    /** Changes with the list and with the current run's epochs, events and status; not with its step counter. */
    public long contentVersion() {
        return contentVersion.get();
    }

    /** Blocks until anything changed past {@code seen} or {@code timeoutMillis} pass; the version then. */
    public long awaitChange(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (signal) {
            while (version.get() == seen) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                signal.wait(left);
            }
        }
        return version.get();
    }

    /** Wakes every waiting stream (the server closes). */
    void wakeAll() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** The current run's state as {@link RunState#json()} writes it, with {@code runs} added when there is a list. */
    public String json() {
        RunState s;
        List<Map<String, Object>> runs;
        Map<String, Object> list = null;
        synchronized (this) {
            s = current;
            runs = entries.isEmpty() ? null : runsJson();
            if (runs != null) {
                list = new LinkedHashMap<>();
                list.put("title", title);
                list.put("current", currentIndex);
                list.put("runs", runs);
            }
        }
        Map<String, Object> m = s.jsonMap();
        if (list != null) {
            m.put("runList", list);
        }
        return Json.write(m);
    }

    private List<Map<String, Object>> runsJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = 0; k < entries.size(); k++) {
            Entry e = entries.get(k);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", k);
            r.put("name", e.config.name());
            r.put("method", e.config.method());
            r.put("status", status(k).name().toLowerCase(Locale.ROOT).replace('_', '-'));
            boolean started = e.begun && e.state != null;
            r.put("epochs", started ? e.state.epochs().size() : 0);
            r.put("epochsPlanned", e.config.epochs());
            r.put("finalAccuracy", started ? e.state.lastAccuracy() : e.skippedAccuracy);
            r.put("report", e.report ? reportPath(k) : null);
            r.put("folder", e.folder.toString());
            r.put("note", e.note);
            out.add(r);
        }
        return out;
    }

    private void changed(boolean content) {
        version.incrementAndGet();
        if (content) {
            contentVersion.incrementAndGet();
        }
        synchronized (signal) {
            signal.notifyAll();
        }
    }
}
