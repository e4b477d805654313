package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import pcasgd.runtime.HalfFloats;
import pcasgd.runtime.WireEncoding;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** fp32 / bf16 / fp16 parameter messages through the bound serializer, chosen by {@code pcasgd.encoding}. */
@Timeout(240)
class WireEncodingTest {
    /** LeNet's parameter count (the CNN the runtime benchmarks train). */
    static final int LENET = 61_706;
    static final Map<WireEncoding, ActorSystem<Void>> SYSTEMS = new EnumMap<>(WireEncoding.class);

    @BeforeAll
    static void start() {
        for (WireEncoding e : WireEncoding.values()) {
            SYSTEMS.put(e, ActorSystem.create(Behaviors.empty(), "enc-" + e,
                    ConfigFactory.parseString("pcasgd.encoding = " + e).withFallback(PekkoConfig.local("lenet", 4))));
        }
    }

    @AfterAll
    static void stop() {
        SYSTEMS.values().forEach(ActorSystem::terminate);
    }

    static ParamsSerializer serializer(WireEncoding e) {
        return (ParamsSerializer) SerializationExtension.get(Adapter.toClassic(SYSTEMS.get(e)))
                .findSerializerFor(ParamsMessage.withoutGradient("lenet", 0, 0, 0, new float[0]));
    }

    static float[] random(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    @Test
    void configChoosesTheEncoding() {
        assertEquals(WireEncoding.FP32, PekkoConfig.encoding(ConfigFactory.empty()));
        assertEquals(WireEncoding.BF16, PekkoConfig.encoding(ConfigFactory.parseString("pcasgd.encoding = BF16")));
        // the shipped pcasgd-cluster.conf says fp32
        assertEquals(WireEncoding.FP32, PekkoConfig.encoding(PekkoConfig.local("x", 1)));
        for (WireEncoding e : WireEncoding.values()) {
            assertEquals(e, serializer(e).encoding());
        }
        var bad = assertThrows(IllegalArgumentException.class, () -> WireEncoding.parse("fp8"));
        assertTrue(bad.getMessage().contains("fp8") && bad.getMessage().contains("bf16"), bad.getMessage());
    }

    @Test
    void bytesPerLenetMessage() {
        // header 4+1+1+2+"lenet"(5)+4 = 17, incarnation+step+ackStep+holdNanos+stepNanos+transitSteps+dim+encoding+flags
        // 8+8+8+8+8+4+4+1+1 = 50
        Map<String, Integer> expected = Map.of(
                "fp32+g", 67 + LENET * 8, "fp32", 67 + LENET * 4,
                "bf16+g", 67 + LENET * 4, "bf16", 67 + LENET * 2,
                "fp16+g", 67 + LENET * 4, "fp16", 67 + LENET * 2);
        float[] x = random(new Random(1), LENET, 0.1f);
        float[] g = random(new Random(2), LENET, 0.01f);
        for (WireEncoding e : WireEncoding.values()) {
            ParamsSerializer ser = serializer(e);
            assertEquals(expected.get(e + "+g"), ser.toBinary(new ParamsMessage("lenet", 1, 1, 5, x, g)).length, e + " with g");
            assertEquals(expected.get(e.toString()), ser.toBinary(ParamsMessage.withoutGradient("lenet", 1, 1, 5, x)).length,
                    e + " without g");
        }
        assertEquals(493_715, expected.get("fp32+g"));
        assertEquals(123_479, expected.get("bf16"));
    }

    @Test
    void roundTripErrorIsWithinHalfAnUlpOfTheFormat() {
        Random r = new Random(11);
        // magnitudes spread over fp16's normal range [2^-14, 65504], both signs
        float[] x = new float[20_000];
        for (int i = 0; i < x.length; i++) {
            float mag = (float) Math.pow(2, -14 + r.nextDouble() * 29.9);
            x[i] = r.nextBoolean() ? mag : -mag;
        }
        float[] g = random(r, x.length, 1e-2f);
        for (int i = 0; i < g.length; i++) {
            if (Math.abs(g[i]) < 0x1p-14f) { // keep g in fp16's normal range too
                g[i] = 0x1p-13f;
            }
        }
        Map<WireEncoding, Double> bound = Map.of(WireEncoding.FP32, 0.0, WireEncoding.BF16, 0x1p-8, WireEncoding.FP16, 0x1p-11);
        for (WireEncoding e : WireEncoding.values()) {
            ParamsSerializer ser = serializer(e);
            ParamsMessage back = (ParamsMessage) ser.fromBinary(ser.toBinary(new ParamsMessage("lenet", 2, 3, 4, x, g)), "P");
            assertEquals(2, back.sender());
            assertEquals(3, back.incarnation());
            assertEquals(4, back.step());
            double worst = Math.max(maxRelativeError(x, back.params()), maxRelativeError(g, back.grad()));
            assertTrue(worst <= bound.get(e), e + ": relative error " + worst + " > " + bound.get(e));
            if (e != WireEncoding.FP32) {
                assertTrue(worst > bound.get(e) / 4, e + " did not round at all? " + worst);
            }
        }
        ParamsMessage exact = (ParamsMessage) serializer(WireEncoding.FP32).fromBinary(
                serializer(WireEncoding.FP32).toBinary(new ParamsMessage("lenet", 2, 3, 4, x, g)), "P");
        assertArrayEquals(x, exact.params());
    }

    static double maxRelativeError(float[] want, float[] got) {
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs((double) got[i] - want[i]) / Math.abs((double) want[i]));
        }
        return worst;
    }

    @Test
    void specialValuesSurviveEveryEncoding() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 1.0f, -2.5f};
        for (WireEncoding e : WireEncoding.values()) {
            ParamsSerializer ser = serializer(e);
            ParamsMessage back = (ParamsMessage) ser.fromBinary(ser.toBinary(ParamsMessage.withoutGradient("lenet", 0, 0, 0, x)), "P");
            assertTrue(Float.isNaN(back.params()[0]), e.toString());
            assertArrayEquals(Arrays.copyOfRange(x, 1, 6), Arrays.copyOfRange(back.params(), 1, 6), e.toString());
            assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(back.params()[3]), e.toString());
        }
    }

    @Test
    void noGradientMessagesCarryXOnly() {
        float[] x = {1f, 2f, 3f};
        for (WireEncoding e : WireEncoding.values()) {
            ParamsSerializer ser = serializer(e);
            ParamsMessage back = (ParamsMessage) ser.fromBinary(ser.toBinary(ParamsMessage.withoutGradient("lenet", 3, 1, 9, x)), "P");
            assertFalse(back.hasGradient());
            assertNull(back.grad());
            assertArrayEquals(x, back.params()); // small integers are exact in every encoding
            assertTrue(ser.fromBinary(ser.toBinary(new ParamsMessage("lenet", 3, 1, 9, x, x)), "P") instanceof ParamsMessage p
                    && p.hasGradient());
        }
        assertThrows(IllegalArgumentException.class, () -> new ParamsMessage("lenet", 0, 0, 0, x, new float[2]));
    }

    @Test
    void directBufferPathMatchesTheByteArrayPath() {
        float[] x = random(new Random(3), 1001, 1f);
        for (WireEncoding e : WireEncoding.values()) {
            ParamsSerializer ser = serializer(e);
            ParamsMessage m = new ParamsMessage("lenet", 1, 0, 0, x, x);
            ByteBuffer buf = ByteBuffer.allocateDirect(16_000); // Artery serializes into direct buffers
            ser.toBinary(m, buf);
            buf.flip();
            byte[] copy = new byte[buf.remaining()];
            buf.duplicate().get(copy);
            assertArrayEquals(ser.toBinary(m), copy, e.toString());
            assertArrayEquals(((ParamsMessage) ser.fromBinary(copy, "P")).params(), ((ParamsMessage) ser.fromBinary(buf, "P")).params());
        }
    }

    /** Bytes this thread allocated during {@code r}. */
    static long allocated(Runnable r) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        r.run();
        return mx.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void otherRunAndWrongLengthAreRejectedBeforeAllocating() {
        float[] big = new float[1_000_000];
        for (WireEncoding e : WireEncoding.values()) {
            ParamsSerializer ser = serializer(e);
            byte[] otherRun = ser.toBinary(new ParamsMessage("other", 1, 0, 0, big, big));
            // decoding it would allocate 8 MB of floats; the rejection allocates a log line and an exception
            long a = allocated(() -> assertThrows(WireFormat.RejectedMessageException.class, () -> ser.fromBinary(otherRun, "P")));
            assertTrue(a < 2_000_000, e + ": allocated " + a + " bytes rejecting another run's message");

            byte[] ok = ser.toBinary(new ParamsMessage("lenet", 1, 0, 0, big, big));
            byte[] shortBy1 = Arrays.copyOf(ok, ok.length - 1);
            byte[] longBy1 = Arrays.copyOf(ok, ok.length + 1);
            for (byte[] bad : new byte[][] {shortBy1, longBy1}) {
                long b = allocated(() -> assertThrows(WireFormat.RejectedMessageException.class, () -> ser.fromBinary(bad, "P")));
                assertTrue(b < 2_000_000, e + ": allocated " + b + " bytes rejecting a wrong length");
            }
        }
        // a forged dimension of 500 M values behind a 10-byte body
        ByteBuffer forged = ByteBuffer.allocate(96).order(ByteOrder.LITTLE_ENDIAN);
        byte[] id = "lenet".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        forged.putInt(WireFormat.MAGIC).put(WireFormat.VERSION).put(WireFormat.PARAMS).putShort((short) id.length).put(id)
                .putInt(1).putLong(0).putLong(0).putLong(0).putLong(0).putLong(0).putFloat(0).putInt(500_000_000).put(WireEncoding.FP16.id()).put(WireFormat.HAS_GRAD)
                .put(new byte[10]);
        forged.flip();
        var ex = assertThrows(WireFormat.RejectedMessageException.class, () -> serializer(WireEncoding.FP32).fromBinary(forged, "P"));
        assertTrue(ex.getMessage().contains("500000000"), ex.getMessage());
    }

    @Test
    void unknownEncodingOrFlagsAreRejected() {
        byte[] ok = serializer(WireEncoding.FP32).toBinary(new ParamsMessage("lenet", 1, 0, 0, new float[2], new float[2]));
        int encodingAt = 17 + 8 + 8 + 8 + 8 + 8 + 4 + 4;
        byte[] badEncoding = ok.clone();
        badEncoding[encodingAt] = 9;
        assertThrows(WireFormat.RejectedMessageException.class, () -> serializer(WireEncoding.FP32).fromBinary(badEncoding, "P"));
        byte[] badFlags = ok.clone();
        badFlags[encodingAt + 1] = 3;
        assertThrows(WireFormat.RejectedMessageException.class, () -> serializer(WireEncoding.FP32).fromBinary(badFlags, "P"));
        byte[] oldVersion = ok.clone();
        oldVersion[4] = 2;
        var e = assertThrows(WireFormat.RejectedMessageException.class, () -> serializer(WireEncoding.FP32).fromBinary(oldVersion, "P"));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }
}
