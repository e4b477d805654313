package pcasgd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A small run of the loopback throughput benchmark: both transports deliver and ack every message. */
class ThroughputBenchTest {
    @Test
    @Timeout(300)
    void arteryAndPlainTcpBothDeliverEveryMessage() throws Exception {
        List<ThroughputBench.Row> rows = ThroughputBench.run(List.of(10_000, 200_000), 4, 8_000_000, 16, 500, r -> { });
        assertEquals(6, rows.size(), rows.toString());
        assertEquals(List.of("tcp", "tcp", "tcp", "artery", "artery", "artery"), rows.stream().map(ThroughputBench.Row::transport).toList());
        for (ThroughputBench.Row r : rows) {
            assertTrue(r.seconds() > 0 && r.megabytesPerSecond() > 0, r.toString());
        }
        assertEquals(200_000, rows.get(5).floats());
        assertEquals(10, rows.get(5).messages(), "budget 8 MB / 0.8 MB per message");
        // the receiving JVM allocates at least the decoded floats of every message
        assertTrue(rows.get(5).receiverBytesPerMessage() >= 800_000, rows.get(5).toString());
    }

    @Test
    @Timeout(300)
    void aChunkedVariantDeliversWholeVectorsInParts() throws Exception {
        var chunked = ThroughputBench.Variant.parse("c=chunk:30000;pekko.io.tcp.direct-buffer-size = 256KiB");
        var o = new ThroughputBench.Options(List.of(100_000), 2, 4_000_000, 16, 200, List.of(chunked), 1);
        List<ThroughputBench.Row> rows = ThroughputBench.run(o, r -> { });
        assertEquals(List.of("socket", "socket", "c", "c"), rows.stream().map(ThroughputBench.Row::variant).toList());
        ThroughputBench.Row r = rows.get(3);
        assertEquals(30_000, r.chunkFloats());
        assertEquals(10, r.messages(), "vectors, not chunks: 4 MB / 0.4 MB");
        assertTrue(r.receiverBytesPerMessage() >= 400_000, r.toString());
    }

    @Test
    void thePeerIsThisBenchmarksMainInASmallJvmWithTheFrameSize() {
        List<String> cmd = ThroughputBench.peerLauncher("artery", 2552, 2551, 24, "a = 1\nb = 2").command();
        assertEquals(List.of(pcasgd.cli.ProcessLauncher.javaExecutable(), "-Xmx1g", "-XX:MaxDirectMemorySize=2g",
                "-D" + ThroughputBench.FRAME + "=24MiB", "-Dpekko.loglevel=WARNING", "-cp", pcasgd.cli.ProcessLauncher.classPath(),
                ThroughputBench.class.getName(), "artery", "2552", "2551", "a = 1\nb = 2"), cmd);
        String before = System.getProperty("pcasgd.bench.peer-jvm-args");
        System.setProperty("pcasgd.bench.peer-jvm-args", " -XX:+UnlockDiagnosticVMOptions  -Dx=1 ");
        try {
            cmd = ThroughputBench.peerLauncher("tcp", 2553, 0, 16, "").command();
            assertEquals(List.of("-Dpekko.loglevel=WARNING", "-XX:+UnlockDiagnosticVMOptions", "-Dx=1", "-cp"),
                    cmd.subList(4, 8), cmd.toString());
        } finally {
            if (before == null) {
                System.clearProperty("pcasgd.bench.peer-jvm-args");
            } else {
                System.setProperty("pcasgd.bench.peer-jvm-args", before);
            }
        }
    }

    @Test
    void variantsParse() {
        assertEquals(ThroughputBench.Variant.defaults(), ThroughputBench.Variant.parse("default"));
        var v = ThroughputBench.Variant.parse("io1m=pekko.io.tcp.direct-buffer-size = 1MiB;pcasgd.encoding = bf16");
        assertEquals("io1m", v.name());
        assertEquals(0, v.chunkFloats());
        assertEquals("pekko.io.tcp.direct-buffer-size = 1MiB\npcasgd.encoding = bf16", v.hocon());
        assertEquals(1_000_000, ThroughputBench.Variant.parse("c=chunk:1000000").chunkFloats());
        assertThrows(IllegalArgumentException.class, () -> ThroughputBench.Variant.parse("nameonly"));
        assertThrows(IllegalArgumentException.class, () -> ThroughputBench.Variant.parse("c=chunk:x"));
        assertThrows(RuntimeException.class, () -> ThroughputBench.Variant.parse("bad=a = {"));
        // x and g halves: odd sizes are refused up front, not halfway through a run
        var d = List.of(ThroughputBench.Variant.defaults());
        assertThrows(IllegalArgumentException.class, () -> new ThroughputBench.Options(List.of(1001), 4, 1, 16, 1, d, 1));
        assertThrows(IllegalArgumentException.class, () -> new ThroughputBench.Options(List.of(1000), 4, 1, 16, 1,
                List.of(ThroughputBench.Variant.parse("c=chunk:333")), 1));
    }
}
