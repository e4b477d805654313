package pcasgd.algorithm;

/** Evaluates both candidates on the current minibatch and keeps the lower loss (whole vector). */
final class LossCondition implements ChoiceCondition {
    @Override
    public void choose(StepContext c, float[] predicted, float[] clipped, int[] bounds, boolean[] choosePredict) {
        if (c.evaluator() == null) {
            throw new IllegalStateException("the loss condition needs a candidate evaluator from the runtime");
        }
        boolean predict = c.evaluator().loss(predicted) < c.evaluator().loss(clipped);
        for (int k = 0; k + 1 < bounds.length; k++) {
            choosePredict[k] = predict;
        }
    }
}
