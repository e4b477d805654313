package pcasgd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A small run of the loopback throughput benchmark: both transports deliver and ack every message. */
class ThroughputBenchTest {
    @Test
    @Timeout(90)
    void arteryAndPlainTcpBothDeliverEveryMessage() throws Exception {
        List<ThroughputBench.Row> rows = ThroughputBench.run(List.of(10_000, 200_000), 4, 8_000_000, 16, 500, r -> { });
        assertEquals(6, rows.size(), rows.toString());
        assertEquals(List.of("artery", "artery", "artery", "tcp", "tcp", "tcp"), rows.stream().map(ThroughputBench.Row::transport).toList());
        for (ThroughputBench.Row r : rows) {
            assertTrue(r.seconds() > 0 && r.megabytesPerSecond() > 0, r.toString());
        }
        assertEquals(200_000, rows.get(2).floats());
        assertEquals(10, rows.get(2).messages(), "budget 8 MB / 0.8 MB per message");
    }
}
