/**
 * The neural-network engine behind a run: DJL with the PyTorch CPU engine, a model's parameters as
 * one flat vector ({@link pcasgd.engine.ParameterLayout}), gradients and evaluation through
 * {@link pcasgd.engine.GradientOracle}, batch-norm statistics recomputed for x̄. A user names
 * {@code GradientOracle} only to bring a model that is not a network; the rest is internal.
 */
package pcasgd.engine;
