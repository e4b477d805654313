/**
 * Which messages are late and by how many steps: {@link pcasgd.delay.DelaySpec} (what a user sets)
 * builds a {@link pcasgd.delay.DelayModel} for a graph (fixed, uniform, per-link matrix, stragglers,
 * a recorded trace).
 */
package pcasgd.delay;
