package pcasgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pcasgd.experiment.RunDirectory;
import pcasgd.experiment.RunFingerprint;
import pcasgd.experiment.TrainConfig;
import pcasgd.io.AtomicFiles;
import pcasgd.metrics.TrainingListener;
import pcasgd.api.ClusterNode;
import pcasgd.api.NodeOutcome;

/**
 * What {@code agent} and {@code launch} share: running one cluster node to its end, turning how it
 * ended into one line and an exit status, and the run directory's {@code finished} marker, which
 * lets a process started after its run has ended stop at once instead of looking for a cluster
 * that is gone.
 */
final class ClusterProcess {
    static final int FINISHED = 0;
    /** The run failed: an agent diverged or failed, or the node was stopped from outside. */
    static final int FAILED = 2;
    static final int TIMED_OUT = 3;
    /** The coordinator refused this process: other settings, an agent id hosted elsewhere, or the run has ended. */
    static final int REFUSED = 4;
    static final int NO_SEED = 5;

    static final String EXIT_CODES = "Exit status: 0 finished, 1 bad usage or config, 2 the run failed, 3 not finished within"
            + " --timeout, 4 refused by the run (settings differ, agent hosted elsewhere, run already finished),"
            + " 5 no seed node reachable within --join-timeout.";

    private static final String MARKER = "finished";

    private ClusterProcess() { }

    /**
     * Waits for the node to end (at most {@code timeout}), prints what went wrong to {@code err},
     * and returns the exit status.
     *
     * @param who how the user knows this process, e.g. "process 127.0.0.1:25520 (agents 0, 1)"
     */
    static int await(ClusterNode node, Duration timeout, String who, PrintWriter err) throws InterruptedException {
        try {
            if (!node.awaitTermination(timeout)) {
                err.println("error: " + who + " did not finish within " + timeout + ": " + node.describeWaiting());
                err.flush();
                return TIMED_OUT;
            }
            NodeOutcome r = node.outcome();
            int code = switch (r.status()) {
                case FINISHED -> FINISHED;
                case FAILED -> FAILED;
                case REFUSED -> REFUSED;
                case NO_SEED -> NO_SEED;
            };
            if (code != FINISHED) {
                err.println("error: " + r.message());
                err.flush();
            }
            return code;
        } finally {
            node.close();
        }
    }

    /** Where the coordinator's process marks a run as finished. */
    static Path marker(TrainConfig c) {
        return RunDirectory.of(c).path().resolve(MARKER);
    }

    /**
     * Writes the marker the moment the last epoch closes, not when this process exits: the others
     * are still leaving then, and one restarted meanwhile must already find it.
     */
    static TrainingListener finishedMarker(TrainConfig c) {
        return new EpochProgress() {
            @Override
            public void onFinish() {
                if (lastEpochClosed()) {
                    markFinished(c);
                }
            }
        };
    }

    static void markFinished(TrainConfig c) {
        try {
            AtomicFiles.writeString(marker(c), "run '" + c.runId() + "' finished at " + Instant.now() + "; settings "
                    + RunFingerprint.of(c).digest() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker(c), e);
        }
    }

    /** A new run of this name starts: the marker of an earlier one no longer applies. */
    static void clearFinished(TrainConfig c) {
        try {
            Files.deleteIfExists(marker(c));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + marker(c), e);
        }
    }

    /** The marker's line when a run with these very settings has finished here; empty otherwise. */
    static Optional<String> finished(TrainConfig c) {
        List<String> lines;
        try {
            lines = Files.readAllLines(marker(c), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + marker(c), e);
        }
        String digest = RunFingerprint.of(c).digest();
        return lines.isEmpty() || !lines.get(0).endsWith("settings " + digest)
                ? Optional.empty() : Optional.of(lines.get(0).substring(0, lines.get(0).indexOf(';')));
    }

    static String agents(List<Integer> ids) {
        return (ids.size() == 1 ? "agent " : "agents ") + String.join(", ", ids.stream().map(String::valueOf).toList());
    }
}
