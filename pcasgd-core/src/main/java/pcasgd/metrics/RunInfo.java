package pcasgd.metrics;


/** Facts about a run known before its first step. */
public record RunInfo(String method, int agents, int dimension, int stepsPerEpoch, int epochs,
                      double e2, String topology, String delays, MetricSet metrics) { }
