package pcasgd.runtime.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import pcasgd.algorithm.ChoiceStats;
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
        List<ChoiceStats> choices = new ArrayList<>(reports.size());
        for (EpochReport r : reports) {
            params.add(r.params());
            lossSum += r.lossSum();
            lossCount += r.lossCount();
            late += r.lateCopies();
            copies += r.copies();
            choices.add(new ChoiceStats(r.predicted(), r.decided(), r.ratio()));
        }
        float[] mean = Consensus.average(params);
        GradientOracle.Evaluation avg = oracle.evaluate(mean, testSet);
        double[] agentAcc = new double[evaluateAgents ? params.size() : 0];
        for (int i = 0; i < agentAcc.length; i++) {
            agentAcc[i] = oracle.evaluate(params.get(i), testSet).accuracy();
        }
        ChoiceStats merged = ChoiceStats.merge(choices);
        return new EpochMetrics(epoch, steps, lossCount == 0 ? Double.NaN : lossSum / lossCount, avg.loss(),
                avg.accuracy(), agentAcc, Consensus.distance(params, mean),
                merged.predictFraction(), merged.predictFractionPerSegment(), merged.correctionRatio(), copies == 0 ? 0 : (double) late / copies,
                epochWall, elapsed);
    }
}
