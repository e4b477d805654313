package pcasgd.delay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pcasgd.topology.Graph;

/**
 * Replays the message ages an actor run recorded ({@code trace.csv}: one row per received
 * parameter message, {@code from,to,sent_step,age,bytes}; the age is the receiver's step at which
 * the message was first mixed minus the step it was sent at), so a run made on real links can be
 * re-run offline, deterministically, with any method and seed: the message j sends to i at step k
 * arrives {@code age} steps late, as it did.
 *
 * <p>The trace's horizon H is one past the latest sent step recorded on any link. A step that a link
 * has no record for, before that link's last record, was superseded by a newer copy while the link was
 * busy and never sent: it arrives with the next recorded copy (so it is never the newest, never mixed).
 * After the link's last record a step arrives at H (no earlier than that last message): such a message reached
 * its receiver only after the receiver had stopped recording, e.g. still in flight on a slow link
 * when the run ended, so the recorded run never mixed it. Past H every link's ages repeat with
 * period H.
 */
public final class TraceDelay implements DelayModel {
    public static final String HEADER = "from,to,sent_step,age,bytes";

    private final int n;
    private final Map<Long, int[]> agesByLink;
    private final int max;
    private final String source;

    private TraceDelay(int n, Map<Long, int[]> agesByLink, String source) {
        this.n = n;
        this.agesByLink = agesByLink;
        this.source = source;
        int m = 0;
        for (int[] a : agesByLink.values()) {
            for (int v : a) {
                m = Math.max(m, v);
            }
        }
        this.max = m;
    }

    /**
     * Reads a trace for {@code graph}: one {@code trace.csv}, or a run folder whose {@code trace*.csv}
     * files (one per process of a cluster run) are read together. Every link must be an edge of the graph.
     */
    public static TraceDelay read(Path path, Graph graph) {
        List<Path> files;
        try (var s = Files.isDirectory(path) ? Files.list(path) : java.util.stream.Stream.of(path)) {
            files = s.filter(f -> !Files.isDirectory(f) && f.getFileName().toString().matches("trace.*\\.csv"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the delay trace " + path, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no trace*.csv in " + path + ": record one with an actor run (runtime local or cluster)");
        }
        Map<Long, Map<Long, Integer>> raw = new HashMap<>();
        for (Path f : files) {
            readInto(f, graph, raw);
        }
        long horizon = 1 + raw.values().stream().flatMap(m -> m.keySet().stream()).mapToLong(Long::longValue).max().orElse(0);
        if (horizon > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("the delay trace " + path + " records steps up to " + (horizon - 1) + ": too long to replay");
        }
        Map<Long, int[]> ages = new HashMap<>();
        raw.forEach((link, bySent) -> {
            long last = bySent.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            int[] a = new int[(int) horizon];
            // an unrecorded step before a link's last record was never sent: a newer copy replaced it while the link
            // was busy (latest-wins), so it reaches the receiver no sooner than that newer copy, and is never mixed
            long nextArrival = last + bySent.get(last);
            for (long s = last; s >= 0; s--) {
                Integer v = bySent.get(s);
                if (v != null) {
                    nextArrival = s + v;
                    a[(int) s] = v;
                } else {
                    a[(int) s] = (int) (nextArrival - s);
                }
            }
            // never mixed by the recorded run: arrives at the horizon, and not before the link's last recorded message
            long tailArrival = Math.max(horizon, last + a[(int) last]);
            for (long s = last + 1; s < horizon; s++) {
                a[(int) s] = (int) (tailArrival - s);
            }
            ages.put(link, a);
        });
        return new TraceDelay(graph.size(), ages, path.getFileName().toString());
    }

    private static void readInto(Path file, Graph graph, Map<Long, Map<Long, Integer>> raw) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the delay trace " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
            throw new IllegalArgumentException(file + " is not a pcasgd trace: its first line must be '" + HEADER + "'");
        }
        for (int r = 1; r < lines.size(); r++) {
            String line = lines.get(r).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] c = line.split(",");
            if (c.length < 4) {
                throw new IllegalArgumentException(file + " line " + (r + 1) + ": expected " + HEADER + ", got '" + line + "'");
            }
            int from;
            int to;
            long sent;
            int age;
            try {
                from = Integer.parseInt(c[0].trim());
                to = Integer.parseInt(c[1].trim());
                sent = Long.parseLong(c[2].trim());
                age = Integer.parseInt(c[3].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (r + 1) + ": not a number in '" + line + "'");
            }
            if (from < 0 || to < 0 || from >= graph.size() || to >= graph.size() || !graph.hasEdge(from, to)) {
                throw new IllegalArgumentException(file + " line " + (r + 1) + ": link " + from + " -> " + to
                        + " is not an edge of " + graph.describe());
            }
            if (sent < 0 || age < 0) {
                throw new IllegalArgumentException(file + " line " + (r + 1) + ": negative step or age in '" + line + "'");
            }
            raw.computeIfAbsent(key(graph.size(), from, to), k -> new HashMap<>()).merge(sent, age, Math::max);
        }
    }

    private static long key(int n, int from, int to) {
        return (long) from * n + to;
    }

    @Override
    public int delay(int from, int to, long step) {
        int[] a = agesByLink.get(key(n, from, to));
        if (a == null || from == to) {
            return 0;
        }
        return a[(int) Math.floorMod(step, (long) a.length)];
    }

    @Override
    public int maxDelay() {
        return max;
    }

    @Override
    public String describe() {
        return "recorded delays replayed from " + source + " (" + agesByLink.size() + " links, max age " + max + ")";
    }
}
