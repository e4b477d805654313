package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.report.MetricsCsv;
import pcasgd.runtime.cluster.Checkpoint;

/** {@code train --resume} on the actor runtime continues each agent from its checkpoint and keeps the earlier epochs. */
class ResumeCommandTest {
    // 512 training images over 4 agents at batch 16: 8 steps an epoch
    static final int STEPS_PER_EPOCH = 8;

    static String[] train(Path out, int epochs, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--output", out.toString(), "--name", "r",
                "--runtime", "local", "--epochs", Integer.toString(epochs), "--agents", "4", "--topology", "ring",
                "--batch-size", "16", "--set", "trainLimit=512", "--set", "testLimit=128", "--set", "evalAgents=false"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    @Timeout(240)
    void aResumedRunStartsAtTheCheckpointsStepAndKeepsTheEpochsBefore(@TempDir Path tmp) throws Exception {
        TrainCommandTest.Result first = TrainCommandTest.run(train(tmp, 1));
        assertEquals(0, first.code(), first.err());
        Path dir = tmp.resolve("r");
        for (int id = 0; id < 4; id++) {
            assertEquals(STEPS_PER_EPOCH, Checkpoint.read(dir.resolve("checkpoints"), id).orElseThrow().step(),
                    "agent " + id + "'s checkpoint at the end of the first run");
        }
        List<String> firstRows = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(2, firstRows.size());

        TrainCommandTest.Result resumed = TrainCommandTest.run(train(tmp, 2, "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(List.of(String.join(",", MetricsCsv.COLUMNS), firstRows.get(1)), rows.subList(0, 2),
                "the first run's epoch is kept as it was written");
        assertEquals(3, rows.size(), "epoch 1 from the first run, epoch 2 from the resumed one");
        assertEquals("2", MetricsCsv.parseLine(rows.get(2)).get(0));
        assertEquals(2, Files.readAllLines(dir.resolve("timing.csv")).size() - 1, "timing rows of both epochs");
        // the resumed agents computed no step before their checkpoint's: every copy they sent is from step 8 on
        List<String> trace = Files.readAllLines(dir.resolve("trace.csv"));
        assertTrue(trace.size() > 1, "copies were exchanged");
        for (String line : trace.subList(1, trace.size())) {
            long sent = Long.parseLong(line.split(",")[2]);
            assertTrue(sent >= STEPS_PER_EPOCH, "a copy of step " + sent + " after resuming at step " + STEPS_PER_EPOCH);
        }
        for (int id = 0; id < 4; id++) {
            assertEquals(2L * STEPS_PER_EPOCH, Checkpoint.read(dir.resolve("checkpoints"), id).orElseThrow().step());
        }
    }

    @Test
    @Timeout(240)
    void resumingARunThatHasEndedSaysSoInsteadOfWaiting(@TempDir Path tmp) {
        TrainCommandTest.Result first = TrainCommandTest.run(train(tmp, 1));
        assertEquals(0, first.code(), first.err());
        TrainCommandTest.Result again = TrainCommandTest.run(train(tmp, 1, "--resume"));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("nothing to resume"), again.err());
    }
}
