/**
 * What a run reports and to whom: one class per metric ({@link pcasgd.metrics.Metric}, collected in a
 * {@link pcasgd.metrics.MetricSet}), each epoch's values ({@link pcasgd.metrics.EpochMetrics}), and
 * the listener contract ({@link pcasgd.metrics.TrainingListener}, {@link pcasgd.metrics.RunInfo}) that
 * progress bars, metric files, checkpoints and dashboards implement.
 */
package pcasgd.metrics;
