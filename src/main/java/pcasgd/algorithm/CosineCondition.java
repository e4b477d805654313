package pcasgd.algorithm;

/**
 * Keeps the candidate whose displacement from x_i^k is better aligned with the descent direction
 * −g_i, compared by cosine similarity within each segment (the authors' draft code does this per
 * layer). Ties and zero displacements go to clipping, the conservative choice.
 */
final class CosineCondition implements ChoiceCondition {
    @Override
    public void choose(StepContext c, float[] predicted, float[] clipped, int[] bounds, boolean[] choosePredict) {
        float[] x = c.params();
        float[] g = c.grad();
        for (int k = 0; k + 1 < bounds.length; k++) {
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
            double cosP = cosine(dotP, nP, nG);
            double cosC = cosine(dotC, nC, nG);
            choosePredict[k] = cosP > cosC;
        }
    }

    private static double cosine(double dot, double n1, double n2) {
        double denom = Math.sqrt(n1) * Math.sqrt(n2);
        return denom == 0 ? 0 : dot / denom;
    }
}
