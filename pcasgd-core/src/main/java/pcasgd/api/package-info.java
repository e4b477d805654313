/**
 * The public API: train your own DJL {@code Block}, TorchScript module or zoo model with PC-ASGD
 * (or one of its baselines) on your own data, on n agents in the deterministic simulator, on
 * actors in this JVM, or across processes.
 *
 * <p>Start at {@link pcasgd.api.PcAsgd#builder()}: a {@link pcasgd.api.ModelSpec}, training and
 * test {@link pcasgd.data.Dataset}s, a {@link pcasgd.api.Topology}, optionally a
 * {@link pcasgd.delay.DelaySpec}, an {@link pcasgd.algorithm.AlgorithmConfig}, an
 * {@link pcasgd.api.Execution}, listeners and extra metrics; {@code run()} returns a
 * {@link pcasgd.api.TrainingResult} with every epoch's metrics and the averaged model as a DJL
 * {@code Model}. The command line ({@code pcasgd train}, {@code pcasgd compare}) is built on the
 * same plan.
 */
package pcasgd.api;
