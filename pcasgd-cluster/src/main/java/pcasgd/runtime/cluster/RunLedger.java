package pcasgd.runtime.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.MetricValue;

/**
 * What the coordination of a cluster run has decided so far: whether the run started, which process
 * hosts which agent, every closed epoch's metrics (and which process closed it), and whether the run
 * has ended. The coordinator is the only writer; it sends each change to every process's guardian
 * ({@link LedgerChunk}), and a coordinator that takes over on another process starts from the most
 * complete copy it can collect. So no closed epoch is lost, repeated or closed twice when the process
 * hosting the coordinator dies.
 *
 * <p>Not thread-safe: each actor owns its copy; {@link #copy()} hands one to another thread.
 */
final class RunLedger {
    /** How many closed epochs one {@link LedgerChunk} carries at most: a chunk stays a small control message. */
    static final int CHUNK = 32;

    /**
     * Everything but the closed epochs.
     *
     * @param version    raised by every change the writer makes; of two headers the higher is the newer
     * @param admitted   agent id → "host:port" of the process admitted to host it
     * @param lastClosed the last epoch the writer has closed (its ledger holds epochs 1..lastClosed)
     * @param end        why the run ended, or null while it runs
     */
    record Header(long version, boolean started, Map<Integer, String> admitted, int lastClosed, String end, boolean failed) {
        static final Header EMPTY = new Header(0, false, Map.of(), 0, null, false);

        Header {
            admitted = Map.copyOf(admitted);
        }

        boolean ended() {
            return end != null;
        }
    }

    /** One metric of a closed epoch, as JSON can carry it (a {@link MetricValue} by name). */
    record Value(String name, double scalar, List<String> labels, double[] list) { }

    /** A closed epoch: its metrics and the process ("host:port") whose coordinator closed it. */
    record Closed(int epoch, long step, double wallSeconds, double evalSeconds, List<Value> values, String closedBy) {
        static Closed of(EpochMetrics m, String closedBy) {
            List<Value> values = new ArrayList<>();
            m.values().forEach((name, v) -> values.add(new Value(name, v.scalar(), v.labels(), v.list())));
            return new Closed(m.epoch(), m.step(), m.wallSeconds(), m.evalSeconds(), values, closedBy);
        }

        EpochMetrics metrics() {
            Map<String, MetricValue> v = new LinkedHashMap<>();
            for (Value x : values) {
                v.put(x.name(), x.list() == null ? MetricValue.of(x.scalar()) : MetricValue.list(x.labels(), x.list()));
            }
            return new EpochMetrics(epoch, step, wallSeconds, evalSeconds, v);
        }
    }

    private Header header = Header.EMPTY;
    private final List<Closed> closed = new ArrayList<>();

    Header header() {
        return header;
    }

    int lastClosed() {
        return closed.size();
    }

    List<Closed> closed() {
        return List.copyOf(closed);
    }

    RunLedger copy() {
        RunLedger c = new RunLedger();
        c.header = header;
        c.closed.addAll(closed);
        return c;
    }

    /** The writer's changes, each a new version of the header. */
    void started() {
        header = new Header(header.version() + 1, true, header.admitted(), lastClosed(), header.end(), header.failed());
    }

    void admitted(int agent, String hostPort) {
        Map<Integer, String> a = new TreeMap<>(header.admitted());
        a.put(agent, hostPort);
        header = new Header(header.version() + 1, header.started(), a, lastClosed(), header.end(), header.failed());
    }

    void close(EpochMetrics m, String closedBy) {
        if (m.epoch() != lastClosed() + 1) {
            throw new IllegalStateException("epoch " + m.epoch() + " closed after epoch " + lastClosed());
        }
        closed.add(Closed.of(m, closedBy));
        header = new Header(header.version() + 1, header.started(), header.admitted(), lastClosed(), header.end(), header.failed());
    }

    void ended(String why, boolean failed) {
        header = new Header(header.version() + 1, header.started(), header.admitted(), lastClosed(), why, failed);
    }

    /**
     * Takes in what another copy sent: its closed epochs from {@code fromEpoch} on (those beyond this
     * copy's last one, when they follow on without a gap) and its header, when it is at least as far.
     *
     * @return whether this copy now holds every epoch the sender had closed
     */
    boolean apply(Header h, int fromEpoch, List<Closed> epochs) {
        if (fromEpoch <= lastClosed() + 1) {
            for (Closed c : epochs) {
                if (c.epoch() == lastClosed() + 1) {
                    closed.add(c);
                }
            }
        }
        boolean complete = lastClosed() >= h.lastClosed();
        if (complete && h.version() > header.version()) {
            header = new Header(h.version(), h.started(), h.admitted(), lastClosed(), h.end(), h.failed());
        } else if (h.started() && !header.started() || h.ended() && !header.ended()) {
            // a start or an end is news even from a copy still missing epochs (the version stays: the rest is not taken)
            header = new Header(header.version(), true, header.admitted(), lastClosed(),
                    header.ended() ? header.end() : h.end(), header.ended() ? header.failed() : h.failed());
        }
        return complete;
    }

    /** At most {@link #CHUNK} closed epochs after {@code since}, with this copy's header. */
    LedgerChunk chunk(String runId, int since) {
        int from = Math.max(0, Math.min(since, lastClosed()));
        return new LedgerChunk(runId, header, from + 1, List.copyOf(closed.subList(from, Math.min(lastClosed(), from + CHUNK))));
    }

    /** The closed epochs' metrics, in order. */
    List<EpochMetrics> metrics() {
        return closed.stream().map(Closed::metrics).toList();
    }
}
