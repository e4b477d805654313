package pcasgd.runtime.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import pcasgd.data.Dataset;
import pcasgd.engine.GradientOracle;
import pcasgd.runtime.Consensus;
import pcasgd.runtime.EpochMetrics;

/**
 * Turns the agents' reports of one epoch into the simulator's {@link EpochMetrics}: the averaged
 * model x̄ of the reporting agents is tested, the consensus distance is taken over them, counters
 * are summed. An agent that was unreachable when the epoch closed simply has no report.
 */
final class EpochAggregator {
    private EpochAggregator() { }

    static EpochMetrics aggregate(int epoch, long steps, Collection<EpochReport> reports, GradientOracle oracle,
                                  Dataset testSet, boolean evaluateAgents, double epochWall, double elapsed) {
        List<float[]> params = new ArrayList<>(reports.size());
        double lossSum = 0;
        long lossCount = 0;
        long late = 0;
        long copies = 0;
        long[] predicted = null;
        long[] decided = null;
        double ratioSum = 0;
        int ratioCount = 0;
        for (EpochReport r : reports) {
            params.add(r.params());
            lossSum += r.lossSum();
            lossCount += r.lossCount();
            late += r.lateCopies();
            copies += r.copies();
            if (predicted == null) {
                predicted = new long[r.predicted().length];
                decided = new long[r.decided().length];
            }
            for (int s = 0; s < predicted.length && s < r.predicted().length; s++) {
                predicted[s] += r.predicted()[s];
                decided[s] += r.decided()[s];
            }
            if (!Double.isNaN(r.ratio())) {
                ratioSum += r.ratio();
                ratioCount++;
            }
        }
        float[] mean = Consensus.average(params);
        GradientOracle.Evaluation avg = oracle.evaluate(mean, testSet);
        double[] agentAcc = new double[evaluateAgents ? params.size() : 0];
        for (int i = 0; i < agentAcc.length; i++) {
            agentAcc[i] = oracle.evaluate(params.get(i), testSet).accuracy();
        }
        long predictedAll = 0;
        long decidedAll = 0;
        double[] perLayer = new double[predicted == null ? 0 : predicted.length];
        for (int s = 0; s < perLayer.length; s++) {
            predictedAll += predicted[s];
            decidedAll += decided[s];
            perLayer[s] = decided[s] == 0 ? Double.NaN : (double) predicted[s] / decided[s];
        }
        if (decidedAll == 0) {
            perLayer = new double[0];
        }
        return new EpochMetrics(epoch, steps, lossCount == 0 ? Double.NaN : lossSum / lossCount, avg.loss(),
                avg.accuracy(), agentAcc, Consensus.distance(params, mean),
                decidedAll == 0 ? Double.NaN : (double) predictedAll / decidedAll, perLayer,
                ratioCount == 0 ? Double.NaN : ratioSum / ratioCount, copies == 0 ? 0 : (double) late / copies,
                epochWall, elapsed);
    }
}
