package pcasgd.algorithm;

/**
 * Evaluates both candidates on the current minibatch and keeps the lower loss for the whole vector; ties
 * go to clipping. One decision per step: {@link AlgorithmConfig} refuses it with {@code perLayer}.
 */
final class LossCondition implements ChoiceCondition {
    @Override
    public void choose(StepContext c, float[] predicted, float[] clipped, int[] bounds, boolean[] votes, boolean perLayer,
                       boolean[] choosePredict) {
        if (c.evaluator() == null) {
            throw new IllegalStateException("the loss condition needs a candidate evaluator from the runtime");
        }
        boolean predict = c.evaluator().loss(predicted) < c.evaluator().loss(clipped);
        java.util.Arrays.fill(choosePredict, 0, bounds.length - 1, predict);
    }
}
