package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
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
    void eachChildIsAnAgentCommandOfThisProgramWithTheLaunchersOptions() {
        LaunchCommand launch = new LaunchCommand();
        launch.host = "10.0.0.5";
        launch.timeout = Duration.ofMinutes(30);
        launch.joinTimeout = Duration.ofSeconds(45);
        launch.jvmOptions = List.of("-Xmx2g", "-Dfoo=bar");
        Path config = Path.of("run", "launch", "config.yaml");
        List<String> cmd = launch.child(List.of(3, 4, 5), "127.0.0.1:25520", config).command();
        int cp = cmd.indexOf("-cp");
        assertEquals(ProcessLauncher.javaExecutable(), cmd.get(0));
        // this JVM's own -D/-X options first (ProcessLauncher.inheritJvmOptions), then --jvm-option's
        assertEquals(List.of("-Xmx2g", "-Dfoo=bar"), cmd.subList(cp - 2, cp));
        assertEquals(List.of("-cp", ProcessLauncher.classPath(), "pcasgd.cli.Main", "agent", "--id", "3,4,5",
                "--seed-nodes", "127.0.0.1:25520", "--host", "10.0.0.5", "--port", "0", "--no-coordinator",
                "--config", config.toString(), "--timeout", "PT30M", "--join-timeout", "PT45S"), cmd.subList(cp, cmd.size()));
        launch.resume = true;
        List<String> resumed = launch.child(List.of(0), "h:1", config).command();
        assertEquals("--resume", resumed.get(resumed.size() - 1));
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
