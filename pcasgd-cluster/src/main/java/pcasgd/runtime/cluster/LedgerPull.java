package pcasgd.runtime.cluster;

import org.apache.pekko.actor.typed.ActorRef;

/** Asks a guardian or the coordinator for its ledger after epoch {@code since}; answered with a {@link LedgerChunk}. */
record LedgerPull(String runId, int since, ActorRef<LedgerChunk> replyTo) implements NodeMsg, CoordinatorMsg, ControlMessage { }
