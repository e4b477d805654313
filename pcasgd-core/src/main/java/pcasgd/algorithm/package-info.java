/**
 * Update rules: given an agent's parameters, its fresh gradient and its neighbours' (possibly
 * stale) copies, the next parameters. One skeleton ({@link pcasgd.algorithm.ConsensusSgd}: consensus
 * mix, then a momentum step) and one staleness policy per method; predictors bring late copies
 * forward. Public where a user configures a run ({@link pcasgd.algorithm.AlgorithmConfig},
 * {@link pcasgd.algorithm.Method}, {@link pcasgd.algorithm.PredictorSpec}); imports nothing outside
 * the JDK.
 */
package pcasgd.algorithm;
