package pcasgd.runtime.cluster;

import java.util.List;

/**
 * Part of a {@link RunLedger}: its header and up to {@link RunLedger#CHUNK} closed epochs from
 * {@code fromEpoch} on. The coordinator sends one to every process's guardian after each change (the
 * newly closed epoch only); a guardian or a coordinator that finds itself behind asks for the rest
 * with a {@link LedgerPull}.
 */
record LedgerChunk(String runId, RunLedger.Header header, int fromEpoch, List<RunLedger.Closed> epochs)
        implements NodeMsg, CoordinatorMsg, ControlMessage { }
