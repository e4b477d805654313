package pcasgd.runtime.cluster;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Part of a {@link RunLedger}: its header and up to {@link RunLedger#CHUNK} closed epochs from
 * {@code fromEpoch} on. The coordinator sends one to every process's guardian after each change (the
 * newly closed epoch only); a guardian or a coordinator that finds itself behind asks for the rest
 * with a {@link LedgerPull}. A change the coordinator waits on before acting carries {@code ackTo}.
 */
record LedgerChunk(String runId, RunLedger.Header header, int fromEpoch, List<RunLedger.Closed> epochs,
                   ActorRef<LedgerAck> ackTo) implements NodeMsg, CoordinatorMsg, ControlMessage {
    LedgerChunk(String runId, RunLedger.Header header, int fromEpoch, List<RunLedger.Closed> epochs) {
        this(runId, header, fromEpoch, epochs, null);
    }

    /** The same chunk, to be acknowledged ({@link LedgerAck}) by the guardian that takes it in. */
    LedgerChunk acknowledgedBy(ActorRef<LedgerAck> to) {
        return new LedgerChunk(runId, header, fromEpoch, epochs, to);
    }
}
