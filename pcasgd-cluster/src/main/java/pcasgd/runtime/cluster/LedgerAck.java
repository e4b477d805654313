package pcasgd.runtime.cluster;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A guardian's answer to a {@link LedgerChunk} that asked for one: its copy now holds the epochs up to
 * {@code lastClosed}. The coordinator acts on a closed epoch (metrics files, the log, the next epoch)
 * only once every process it knows has said so, so a coordinator that takes over never closes it again.
 */
record LedgerAck(String runId, int lastClosed, ActorRef<NodeMsg> node) implements CoordinatorMsg, ControlMessage { }
