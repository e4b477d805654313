/**
 * Internal: one agent's step (gradient, update, history, inbox of neighbour copies, link estimates),
 * shared by the simulator and the actor runtime. No compatibility promise beyond
 * {@link pcasgd.agent.TrainingDivergedException}, which {@code PcAsgd.run()} throws.
 */
package pcasgd.agent;
