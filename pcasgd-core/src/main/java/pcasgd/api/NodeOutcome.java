package pcasgd.api;

/**
 * How one process of a multi-process run ended, with the line a user reads about it.
 *
 * @param status the kind of ending
 * @param message what happened, in words
 */
public record NodeOutcome(Status status, String message) {
    /** The kinds of ending. */
    public enum Status {
        /** The run finished (on the coordinator's node), or this node's agents were told to stop. */
        FINISHED,
        /** The run failed (an agent diverged or failed), or this node was stopped from outside. */
        FAILED,
        /** The coordinator refused this process: other settings, an id hosted elsewhere, or a run that has ended. */
        REFUSED,
        /** No seed node answered within the join timeout. */
        NO_SEED
    }
}
