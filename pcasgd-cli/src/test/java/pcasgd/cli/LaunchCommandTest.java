package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code launch} and {@code agent} decide before any process starts (the runs themselves: CnnMultiProcessTest). */
class LaunchCommandTest {
    @Test
    void agentsAreSplitIntoContiguousBlocksOfNearlyEqualSize() {
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7)), LaunchCommand.blocks(8, 3));
        assertEquals(List.of(List.of(0, 1), List.of(2, 3), List.of(4, 5), List.of(6, 7)), LaunchCommand.blocks(8, 4));
        assertEquals(List.of(List.of(0), List.of(1)), LaunchCommand.blocks(2, 2));
    }

    @Test
    void moreProcessesThanAgentsIsAnError(@TempDir Path tmp) {
        TrainCommandTest.Result r = TrainCommandTest.run("launch", "--output", tmp.toString(), "-n", "2", "--processes", "3");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--processes must be 1..2 (one agent at least per process), got 3"), r.err());
    }

    @Test
    void anAgentIdOutsideTheRunOrTwiceIsAnErrorBeforeAnythingStarts(@TempDir Path tmp) {
        TrainCommandTest.Result r = TrainCommandTest.run("agent", "--output", tmp.toString(), "-n", "4", "--id", "1,4",
                "--seed-nodes", "127.0.0.1:1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error: agent id 4 is outside 0..3: the run has 4 agents (config key agents)"), r.err());
        r = TrainCommandTest.run("agent", "--output", tmp.toString(), "-n", "4", "--id", "1,1", "--seed-nodes", "127.0.0.1:1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error: --id lists an agent twice: [1, 1]"), r.err());
    }
}
