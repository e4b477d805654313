/**
 * Internal: the actor runtime on Apache Pekko — one actor per agent, latest-wins links with
 * acknowledgements, pacing by step skew, admission and coordination of a multi-process run,
 * checkpoints and the message trace. Users reach it through {@code Execution.local()} and
 * {@code PcAsgd.startNode}; no compatibility promise here.
 */
package pcasgd.runtime.cluster;
