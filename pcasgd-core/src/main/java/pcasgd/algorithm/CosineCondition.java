package pcasgd.algorithm;

/**
 * Keeps the candidate whose displacement from x_i^k is better aligned with the descent direction
 * −g_i: cos(x^P − x_i, −g_i) against cos(x^C − x_i, −g_i), within each voting segment (the authors'
 * draft code decides per layer), and over all voting segments together for the whole-vector
 * decision. A zero displacement has cosine 0; ties go to clipping.
 */
final class CosineCondition implements ChoiceCondition {
    @Override
    public void choose(StepContext c, float[] predicted, float[] clipped, int[] bounds, boolean[] votes, boolean perLayer,
                       boolean[] choosePredict) {
        float[] x = c.params();
        float[] g = c.grad();
        int segments = bounds.length - 1;
        double allP = 0, allC = 0, allNP = 0, allNC = 0, allNG = 0;
        for (int k = 0; k < segments; k++) {
            if (!votes[k]) {
                continue;
            }
            double dotP = 0, dotC = 0, nP = 0, nC = 0, nG = 0;
            for (int d = bounds[k]; d < bounds[k + 1]; d++) {
                double dp = predicted[d] - x[d];
                double dc = clipped[d] - x[d];
                double ng = -g[d];
                dotP += dp * ng;
                dotC += dc * ng;
                nP += dp * dp;
                nC += dc * dc;
                nG += ng * ng;
            }
            choosePredict[k] = cosine(dotP, nP, nG) > cosine(dotC, nC, nG);
            allP += dotP;
            allC += dotC;
            allNP += nP;
            allNC += nC;
            allNG += nG;
        }
        boolean whole = cosine(allP, allNP, allNG) > cosine(allC, allNC, allNG);
        for (int k = 0; k < segments; k++) {
            if (!perLayer || !votes[k]) {
                choosePredict[k] = whole;
            }
        }
    }

    private static double cosine(double dot, double n1, double n2) {
        double denom = Math.sqrt(n1) * Math.sqrt(n2);
        return denom == 0 ? 0 : dot / denom;
    }
}
