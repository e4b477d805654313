package pcasgd.data;

import java.util.Arrays;
import java.util.Objects;

/** A training set and its held-out test set, as every loader returns them. */
public record TrainTest(Dataset train, Dataset test) {
    public TrainTest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        // A model is built for one input shape; catching a mismatch here beats a shape error mid-run.
        if (!Arrays.equals(train.featureShape(), test.featureShape())) {
            throw new IllegalArgumentException("train shape " + Arrays.toString(train.featureShape())
                    + " differs from test shape " + Arrays.toString(test.featureShape()));
        }
    }
}
