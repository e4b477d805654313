package pcasgd.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.topology.Graph;

/** How {@link TraceDelay} turns a recorded run's per-message ages into the simulator's delays. */
class TraceDelayTest {
    private static final Graph RING = Graph.ring(3);

    @Test
    void replaysRecordedAgesFillsGapsAndLetsAnUnrecordedTailArriveAfterTheRun(@TempDir Path dir) throws Exception {
        // two processes' files; 1 -> 0 is recorded for steps 0..5, so the trace's horizon is 6
        Files.writeString(dir.resolve("trace-agents-0.csv"), TraceDelay.HEADER + "\n"
                + "1,0,0,0,100\n1,0,1,0,100\n1,0,2,0,100\n1,0,3,0,100\n1,0,4,0,100\n1,0,5,0,100\n"
                + "2,0,0,9,100\n");
        Files.writeString(dir.resolve("trace-agents-1.csv"), TraceDelay.HEADER + "\n"
                + "0,1,0,0,100\n0,1,1,2,100\n0,1,1,1,100\n0,1,3,1,100\n");
        TraceDelay d = TraceDelay.read(dir, RING);

        // 0 -> 1: recorded (a duplicate keeps the larger age), a gap takes the age before it
        assertEquals(0, d.delay(0, 1, 0));
        assertEquals(2, d.delay(0, 1, 1));
        assertEquals(2, d.delay(0, 1, 2), "no record for step 2: the last age before it");
        assertEquals(1, d.delay(0, 1, 3));
        // steps 4 and 5 were sent but never recorded: they arrive at the horizon, step 6
        assertEquals(2, d.delay(0, 1, 4));
        assertEquals(1, d.delay(0, 1, 5));
        // past the horizon the ages repeat with period 6
        assertEquals(0, d.delay(0, 1, 6));
        assertEquals(2, d.delay(0, 1, 7));
        assertEquals(2, d.delay(0, 1, 10));
        // 2 -> 0: its one message was first mixed at step 9, so the unrecorded later ones come no earlier
        assertEquals(9, d.delay(2, 0, 0));
        for (int s = 1; s < 6; s++) {
            assertEquals(9 - s, d.delay(2, 0, s), "step " + s);
        }
        // a link without records is on time
        assertEquals(0, d.delay(1, 2, 3));
        assertEquals(9, d.maxDelay());
        assertTrue(d.describe().contains("3 links"), d.describe());
    }

    @Test
    void refusesWhatIsNotATraceOfThisGraph(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("trace.csv");
        Files.writeString(bad, "from,to,step\n0,1,0\n");
        assertThrows(IllegalArgumentException.class, () -> TraceDelay.read(bad, RING));
        Files.writeString(bad, TraceDelay.HEADER + "\n0,2,0,0,100\n");
        assertThrows(IllegalArgumentException.class, () -> TraceDelay.read(bad, Graph.ring(4)), "0 -> 2 is no edge of a 4-ring");
        Files.writeString(bad, TraceDelay.HEADER + "\n0,5,0,0,100\n");
        assertThrows(IllegalArgumentException.class, () -> TraceDelay.read(bad, RING), "agent 5 is not in a 3-ring");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThrows(IllegalArgumentException.class, () -> TraceDelay.read(empty, RING));
    }
}
