package pcasgd.engine;

import java.util.List;
import pcasgd.data.Batch;
import pcasgd.data.Dataset;

/**
 * The model as the algorithms see it: a function of one flat parameter vector that yields a
 * minibatch loss and its gradient. Update rules never touch tensors; they work on the flat vectors
 * this interface reads and writes.
 *
 * <p>Implementations must be safe to call from several threads at once (each call may run on a
 * different worker), and a call's result must depend only on its arguments, never on which thread
 * ran it, so that simulated runs are bit-reproducible.
 */
public interface GradientOracle extends AutoCloseable {

    ParameterLayout layout();

    default int dimension() { return layout().dimension(); }

    /** Fresh initial parameters, determined by {@code seed}. */
    float[] initialParameters(long seed);

    /**
     * Computes the mean loss of {@code batch} at {@code params} and writes its gradient into
     * {@code gradOut} (length {@link #dimension()}; zero for non-trainable entries). Training-mode
     * state such as batch-norm running statistics is written back into {@code params}.
     */
    float lossAndGradient(float[] params, Batch batch, float[] gradOut);

    /** Mean loss of {@code batch} at {@code params}, in training mode, without changing anything. */
    float loss(float[] params, Batch batch);

    /** Mean loss and accuracy over a whole data set, in inference mode. */
    Evaluation evaluate(float[] params, Dataset data);

    /**
     * {@code params} with the statistics a training pass keeps (batch-norm running means and
     * variances: the non-trainable segments a training pass writes) recomputed from scratch at the
     * trainable values of {@code params}: for each statistic, the plain mean over {@code batches} of
     * what one training-mode pass on that batch feeds into it (the batch mean; the batch variance
     * as the engine takes it, unbiased for PyTorch), as {@code torch.optim.swa_utils.update_bn} does
     * with {@code momentum = None}. Trainable segments, and non-trainable ones a training pass
     * leaves alone, are returned as given. Models that keep no statistics return {@code params}
     * unchanged (this default).
     */
    default float[] recomputeStatistics(float[] params, List<Batch> batches) {
        return params;
    }

    /** Loss and accuracy of a model on a data set; accuracy is NaN for regression. */
    record Evaluation(double loss, double accuracy, int examples) { }

    @Override
    default void close() { }
}
