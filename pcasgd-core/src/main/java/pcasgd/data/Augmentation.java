package pcasgd.data;

import java.util.Random;

/**
 * A random, in-place transformation of a batch's valid examples. The random source is passed in
 * (not owned) so the caller decides the seeding, which keeps runs reproducible per agent and batch.
 */
@FunctionalInterface
public interface Augmentation {
    /** Leaves batches unchanged (and draws nothing from the random source). */
    Augmentation NONE = (batch, rng) -> { };

    void apply(Batch batch, Random rng);
}
