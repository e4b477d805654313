package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The binary parameter format and the JSON control messages, through Pekko's own serialization. */
@Timeout(240)
class SerializationTest {
    static ActorSystem<Void> runA;
    static ActorSystem<Void> runB;

    @BeforeAll
    static void start() {
        runA = ActorSystem.create(Behaviors.empty(), "ser-a", PekkoConfig.local("run-a", 4));
        runB = ActorSystem.create(Behaviors.empty(), "ser-b", PekkoConfig.local("run-b", 4));
    }

    @AfterAll
    static void stop() {
        runA.terminate();
        runB.terminate();
    }

    static Serialization serialization(ActorSystem<Void> s) {
        return SerializationExtension.get(Adapter.toClassic(s));
    }

    static ParamsMessage params(String run, int sender) {
        return new ParamsMessage(run, sender, 42L, 17L, new float[] {1f, -2.5f, Float.MIN_VALUE, 3e7f},
                new float[] {0.5f, 0f, -0f, 1e-9f}, 15L, 2_500_000L, 7_000_000L, 1.25f);
    }

    @Test
    void paramsRoundTripThroughTheBoundSerializer() {
        ParamsMessage m = params("run-a", 3);
        Serializer ser = serialization(runA).findSerializerFor(m);
        assertInstanceOf(ParamsSerializer.class, ser);
        byte[] bytes = ser.toBinary(m);
        // header (4+1+1+2+5+4) + incarnation, step, ackStep, holdNanos, stepNanos, transitSteps, dim, encoding, flags
        // (8+8+8+8+8+4+4+1+1) + 2·4 floats
        assertEquals(17 + 50 + 32, bytes.length);
        ParamsMessage back = (ParamsMessage) ((ParamsSerializer) ser).fromBinary(bytes, "P");
        assertEquals(m.runId(), back.runId());
        assertEquals(3, back.sender());
        assertEquals(42L, back.incarnation());
        assertEquals(17L, back.step());
        assertEquals(15L, back.ackStep());
        assertEquals(2_500_000L, back.holdNanos());
        assertEquals(7_000_000L, back.stepNanos());
        assertEquals(1.25f, back.transitSteps());
        assertArrayEquals(m.params(), back.params());
        assertArrayEquals(m.grad(), back.grad());
    }

    @Test
    void byteBufferPathMatchesTheByteArrayPath() {
        ParamsMessage m = params("run-a", 1);
        ParamsSerializer ser = (ParamsSerializer) serialization(runA).findSerializerFor(m);
        ByteBuffer buf = ByteBuffer.allocateDirect(1024);
        ser.toBinary(m, buf);
        buf.flip();
        byte[] copy = new byte[buf.remaining()];
        buf.duplicate().get(copy);
        assertArrayEquals(ser.toBinary(m), copy);
        ParamsMessage back = (ParamsMessage) ser.fromBinary(buf, "P");
        assertArrayEquals(m.params(), back.params());
    }

    @Test
    void epochReportRoundTrip() {
        EpochReport r = new EpochReport("run-a", 2, 5, 250, new double[] {2, 12.5, 50, 0, 2, Double.NaN, 3},
                new float[] {9f, 8f, 7f});
        ParamsSerializer ser = (ParamsSerializer) serialization(runA).findSerializerFor(r);
        byte[] bytes = ser.toBinary(r);
        // header 4+1+1+2+5+4, epoch 4, step 8, 7 shares: 4 + 56, 3 floats: 4 + 12
        assertEquals(17 + 12 + 60 + 16, bytes.length);
        EpochReport back = (EpochReport) ser.fromBinary(bytes, "E");
        assertEquals(r.agent(), back.agent());
        assertEquals(r.epoch(), back.epoch());
        assertEquals(r.step(), back.step());
        assertArrayEquals(r.partials(), back.partials());
        assertArrayEquals(r.params(), back.params());
    }

    @Test
    void messageOfAnotherRunIsRejected() {
        byte[] bytes = serialization(runA).findSerializerFor(params("run-a", 1)).toBinary(params("run-a", 1));
        ParamsSerializer other = (ParamsSerializer) serialization(runB).findSerializerFor(params("run-b", 1));
        var e = assertThrows(WireFormat.RejectedMessageException.class, () -> other.fromBinary(bytes, "P"));
        assertTrue(e.getMessage().contains("run-a") && e.getMessage().contains("run-b"), e.getMessage());
        // and Pekko's deserialize reports it as a failure instead of delivering it
        assertTrue(serialization(runB).deserialize(bytes, ParamsSerializer.IDENTIFIER, "P").isFailure());
    }

    @Test
    void unknownSenderIsRejected() {
        ParamsSerializer ser = (ParamsSerializer) serialization(runA).findSerializerFor(params("run-a", 1));
        byte[] bytes = ser.toBinary(params("run-a", 4)); // the run has agents 0..3
        assertThrows(WireFormat.RejectedMessageException.class, () -> ser.fromBinary(bytes, "P"));
        assertNotNull(MessageGate.rejectReason("run-a", 4, "run-a", -1));
        assertNull(MessageGate.rejectReason("run-a", 4, "run-a", 3));
    }

    @Test
    void truncatedMessageIsRejectedBeforeAllocating() {
        ParamsSerializer ser = (ParamsSerializer) serialization(runA).findSerializerFor(params("run-a", 1));
        byte[] bytes = ser.toBinary(params("run-a", 1));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 5);
        assertThrows(WireFormat.RejectedMessageException.class, () -> ser.fromBinary(cut, "P"));
    }

    @Test
    void controlMessagesUseJackson() throws Exception {
        Serialization s = serialization(runA);
        Shutdown msg = new Shutdown("run-a", "done");
        Serializer ser = s.findSerializerFor(msg);
        assertTrue(ser.getClass().getName().contains("Jackson"), ser.getClass().getName());
        byte[] bytes = s.serialize(msg).get();
        String manifest = org.apache.pekko.serialization.Serializers.manifestFor(ser, msg);
        assertEquals(msg, s.deserialize(bytes, ser.identifier(), manifest).get());
        AgentFailed f = new AgentFailed("run-a", 2, 10, true, "loss NaN");
        Serializer fs = s.findSerializerFor(f);
        assertEquals(f, s.deserialize(s.serialize(f).get(), fs.identifier(),
                org.apache.pekko.serialization.Serializers.manifestFor(fs, f)).get());
    }

    @Test
    void progressIsAControlMessage() throws Exception {
        Serialization s = serialization(runA);
        AgentProgress p = new AgentProgress("run-a", 2, 130, "held back", 2.0, 30, new int[] {1, 3}, new long[] {3, 0},
                new long[] {12, 0}, new long[] {0, 3000});
        Serializer ser = s.findSerializerFor(p);
        assertTrue(ser.getClass().getName().contains("Jackson"), ser.getClass().getName());
        byte[] bytes = s.serialize(p).get();
        assertTrue(bytes.length < 300, "a few numbers per link: " + bytes.length + " bytes");
        AgentProgress back = (AgentProgress) s.deserialize(bytes, ser.identifier(),
                org.apache.pekko.serialization.Serializers.manifestFor(ser, p)).get();
        assertEquals("run-a", back.runId());
        assertEquals(2, back.agent());
        assertEquals(130, back.step());
        assertEquals("held back", back.state());
        assertEquals(2.0, back.seconds());
        assertEquals(30, back.steps());
        assertArrayEquals(p.neighbours(), back.neighbours());
        assertArrayEquals(p.copiesIn(), back.copiesIn());
        assertArrayEquals(p.ageSumIn(), back.ageSumIn());
        assertArrayEquals(p.bytesOut(), back.bytesOut());
    }
}
