package pcasgd.runtime.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pcasgd.delay.TraceDelay;
import pcasgd.io.AtomicFiles;

/**
 * Records every parameter message an agent of this node received: the link, the step it was sent
 * at, its age at first use (the receiver's step whose update can first mix it, minus that: a message
 * arriving while its receiver updates step k counts from k + 1) and its size on the wire. Written
 * as {@code trace.csv}, which the simulator's {@code delay: trace} replays; beside it {@code links.csv} holds
 * what each outgoing link of the node's agents carried ({@link LinkCounters}). Thread-safe.
 */
final class TraceRecorder {
    private final List<long[]> rows = new ArrayList<>();
    private final List<String> links = new ArrayList<>();

    synchronized void record(int from, int to, long sentStep, long age, long bytes) {
        rows.add(new long[] {from, to, sentStep, age, bytes});
    }

    /** What the link {@code from → to} carried, counted by its sender (one row per link and sender life). */
    synchronized void link(int from, int to, LinkCounters c) {
        links.add(c.csv(from, to));
    }

    synchronized int size() {
        return rows.size();
    }

    /** Writes the trace whole (temp file + move), sorted by link and step so it reads the same whatever the arrival order. */
    synchronized void write(Path file) throws IOException {
        List<long[]> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> {
            for (int k = 0; k < 3; k++) {
                int c = Long.compare(a[k], b[k]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        StringBuilder sb = new StringBuilder(TraceDelay.HEADER).append('\n');
        for (long[] r : sorted) {
            sb.append(r[0]).append(',').append(r[1]).append(',').append(r[2]).append(',').append(r[3]).append(',')
                    .append(r[4]).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
        if (!links.isEmpty()) {
            List<String> sortedLinks = new ArrayList<>(links);
            sortedLinks.sort(java.util.Comparator.naturalOrder());
            String name = file.getFileName().toString().replaceFirst("^trace", "links");
            AtomicFiles.writeString(file.resolveSibling(name), LinkCounters.HEADER + "\n" + String.join("\n", sortedLinks) + "\n");
        }
    }
}
