package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.Test;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.MetricValue;

/** The replicated record of a cluster run's decisions: how copies catch up, and that it survives the wire. */
class RunLedgerTest {
    private static EpochMetrics epoch(int e) {
        Map<String, MetricValue> v = new LinkedHashMap<>();
        v.put("test_accuracy", MetricValue.of(0.5 + e / 100.0));
        v.put("train_loss", MetricValue.of(Double.NaN));
        v.put("agent_accuracy", MetricValue.list(List.of("0", "1"), new double[] {0.25, Double.NaN}));
        return new EpochMetrics(e, 10L * e, 1.5 * e, 0.25, v);
    }

    /** Epochs as text: the values' arrays compare by content. */
    private static List<String> text(List<EpochMetrics> epochs) {
        return epochs.stream().map(m -> m.epoch() + " " + m.step() + " " + m.wallSeconds() + " " + m.evalSeconds() + " "
                + m.values().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().csv()).toList()).toList();
    }

    private static RunLedger writerWith(int epochs) {
        RunLedger w = new RunLedger();
        w.admitted(0, "10.0.0.1:25520");
        w.started();
        for (int e = 1; e <= epochs; e++) {
            w.close(epoch(e), "10.0.0.1:25520");
        }
        return w;
    }

    @Test
    void aCopyTakesTheNextEpochsAndAsksForTheRestOfAGap() {
        RunLedger w = writerWith(3);
        RunLedger copy = new RunLedger();
        // the change of epoch 3 alone reaches a copy that has none: it keeps nothing it cannot place and is not complete
        assertFalse(copy.apply(w.header(), 3, w.closed().subList(2, 3)));
        assertEquals(0, copy.lastClosed());
        assertTrue(copy.header().started(), "a start is news even from a copy that is behind");
        // the pull from epoch 0 brings all three, and the writer's header with them
        LedgerChunk all = w.chunk("r", 0);
        assertEquals(1, all.fromEpoch());
        assertTrue(copy.apply(all.header(), all.fromEpoch(), all.epochs()));
        assertEquals(3, copy.lastClosed());
        assertEquals(w.header(), copy.header());
        assertEquals(text(w.metrics()), text(copy.metrics()));
        // an older chunk changes nothing
        assertTrue(copy.apply(new RunLedger().header(), 1, w.closed().subList(0, 1)));
        assertEquals(w.header(), copy.header());
    }

    @Test
    void chunksStayBoundedAndTheWriterClosesEpochsInOrder() {
        RunLedger w = writerWith(RunLedger.CHUNK + 5);
        LedgerChunk first = w.chunk("r", 0);
        assertEquals(RunLedger.CHUNK, first.epochs().size());
        RunLedger copy = new RunLedger();
        assertFalse(copy.apply(first.header(), first.fromEpoch(), first.epochs()), "more to pull");
        LedgerChunk second = w.chunk("r", copy.lastClosed());
        assertTrue(copy.apply(second.header(), second.fromEpoch(), second.epochs()));
        assertEquals(RunLedger.CHUNK + 5, copy.lastClosed());
        assertThrows(IllegalStateException.class, () -> w.close(epoch(RunLedger.CHUNK + 7), "x"));
        w.ended("run finished", false);
        assertTrue(w.header().ended());
        assertNull(new RunLedger().header().end());
    }

    @Test
    void aChunkCrossesTheWireWithItsNaNsAndLists() {
        ActorTestKit kit = ActorTestKit.create(PekkoConfig.local("ledger", 2));
        try {
            var serialization = SerializationExtension.get(kit.system());
            LedgerChunk c = writerWith(2).chunk("ledger", 0);
            byte[] bytes = serialization.serialize(c).get();
            var ser = serialization.findSerializerFor(c);
            LedgerChunk back = (LedgerChunk) serialization.deserialize(bytes, ser.identifier(), Serializers.manifestFor(ser, c)).get();
            assertEquals(c.header(), back.header());
            List<EpochMetrics> got = back.epochs().stream().map(RunLedger.Closed::metrics).toList();
            assertEquals(text(c.epochs().stream().map(RunLedger.Closed::metrics).toList()), text(got));
            assertTrue(Double.isNaN(got.get(0).scalar("train_loss")));
            assertTrue(Double.isNaN(got.get(0).value("agent_accuracy").list()[1]));
            assertEquals("10.0.0.1:25520", back.epochs().get(1).closedBy());
            assertTrue(bytes.length < 4096, "a chunk is a small control message: " + bytes.length + " bytes");
        } finally {
            kit.shutdownTestKit();
        }
    }
}
