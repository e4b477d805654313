package pcasgd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** bf16 and fp16 conversions against bit patterns worked out by hand, plus exhaustive and random properties. */
class HalfFloatsTest {
    static void bf16(int expectedBits, float f) {
        assertEquals(expectedBits, HalfFloats.toBf16(f) & 0xffff,
                () -> String.format("bf16(%s = 0x%08x) = 0x%04x", f, Float.floatToRawIntBits(f), HalfFloats.toBf16(f) & 0xffff));
    }

    static void fp16(int expectedBits, float f) {
        assertEquals(expectedBits, HalfFloats.toFp16(f) & 0xffff,
                () -> String.format("fp16(%s = 0x%08x) = 0x%04x", f, Float.floatToRawIntBits(f), HalfFloats.toFp16(f) & 0xffff));
    }

    @Test
    void bf16BitPatterns() {
        bf16(0x3F80, 1.0f);                                  // 0x3F800000: the top half, nothing dropped
        bf16(0xC020, -2.5f);                                 // 0xC0200000
        bf16(0x8000, -0.0f);
        // 65504 = 0x477FE000: dropped half 0xE000 > 0x8000 rounds up to 0x4780 = 65536
        bf16(0x4780, 65504f);
        assertEquals(65536f, HalfFloats.fromBf16((short) 0x4780));
        // the smallest float subnormal (0x00000001) is far below half of bf16's smallest (0x00010000)
        bf16(0x0000, Float.MIN_VALUE);
        assertEquals(0x1p-133f, HalfFloats.fromBf16((short) 0x0001)); // 0x00010000 = 2^16 · 2^-149
        bf16(0x0001, 0x1p-133f);
        // ties to even: 1 + 2^-8 = 0x3F808000 lies halfway between 0x3F80 (even) and 0x3F81
        bf16(0x3F80, 1f + 0x1p-8f);
        // 1 + 3·2^-8 = 0x3F818000 lies halfway between 0x3F81 (odd) and 0x3F82 (even)
        bf16(0x3F82, 1f + 3 * 0x1p-8f);
        // just above the tie rounds up, just below rounds down
        bf16(0x3F81, Float.intBitsToFloat(0x3F808001));
        bf16(0x3F81, Float.intBitsToFloat(0x3F817FFF));
        // Float.MAX_VALUE = 0x7F7FFFFF rounds past bf16's largest finite 0x7F7F into Inf
        bf16(0x7F80, Float.MAX_VALUE);
        bf16(0x7F80, Float.POSITIVE_INFINITY);
        bf16(0xFF80, Float.NEGATIVE_INFINITY);
        bf16(0x7FC0, Float.NaN);                             // 0x7FC00000
        bf16(0xFFC0, Float.intBitsToFloat(0xFFC00000));      // negative NaN keeps its sign
        // a NaN whose payload is only in the dropped half must not become Inf (0x7F80): made quiet
        bf16(0x7FC0, Float.intBitsToFloat(0x7F800001));
        assertTrue(Float.isNaN(HalfFloats.fromBf16((short) 0x7FC0)));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.fromBf16((short) 0xFF80));
        assertEquals(-2.5f, HalfFloats.fromBf16((short) 0xC020));
    }

    @Test
    void fp16BitPatterns() {
        fp16(0x3C00, 1.0f);                 // exponent 0+15 = 0b01111, mantissa 0
        fp16(0xC100, -2.5f);                // 1.25 · 2^1: exponent 16 = 0b10000, mantissa .25 · 1024 = 0x100
        fp16(0x8000, -0.0f);
        fp16(0x7BFF, 65504f);               // the largest finite fp16
        fp16(0x7BFF, Float.intBitsToFloat(0x477FEFFF)); // just below 65520 still rounds down
        fp16(0x7C00, 65520f);               // halfway to 2^16, 65504's mantissa 0x3FF is odd: ties to even = Inf
        fp16(0x7C00, Float.MAX_VALUE);
        fp16(0x0001, 0x1p-24f);             // the smallest fp16 subnormal
        fp16(0x0000, Float.MIN_VALUE);
        fp16(0x0000, 0x1p-25f);             // exactly half of it: ties to the even 0
        fp16(0x0001, 0x1.8p-25f);           // 0.75 · 2^-24 rounds up
        fp16(0x0002, 3 * 0x1p-25f);         // 1.5 · 2^-24: halfway between 1 (odd) and 2 (even)
        fp16(0x0002, 5 * 0x1p-25f);         // 2.5 · 2^-24: halfway between 2 (even) and 3 (odd) stays at 2
        fp16(0x0400, 2047 * 0x1p-25f);      // 1023.5 · 2^-24: tie above the largest subnormal 0x3FF carries to 2^-14
        fp16(0x03FF, 1023 * 0x1p-24f);
        // ties to even among normals: the spacing at 2048 is 2
        fp16(0x6800, 2049f);                // halfway between 2048 (0x6800, even) and 2050 (0x6801)
        fp16(0x6802, 2051f);                // halfway between 2050 (0x6801, odd) and 2052 (0x6802)
        fp16(0x3C00, 1f + 0x1p-11f);        // halfway between 1 and 1 + 2^-10
        fp16(0x3C02, 1f + 3 * 0x1p-11f);
        fp16(0x7C00, Float.POSITIVE_INFINITY);
        fp16(0xFC00, Float.NEGATIVE_INFINITY);
        fp16(0x7E00, Float.NaN);
        fp16(0xFE00, Float.intBitsToFloat(0xFFC00000));
        fp16(0x7E00, Float.intBitsToFloat(0x7F800001)); // payload below fp16's bits: still NaN, not Inf

        assertEquals(65504f, HalfFloats.fromFp16((short) 0x7BFF));
        assertEquals(0x1p-14f, HalfFloats.fromFp16((short) 0x0400));
        assertEquals(0x1p-24f, HalfFloats.fromFp16((short) 0x0001));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(HalfFloats.fromFp16((short) 0x8000)));
        assertEquals(-2.5f, HalfFloats.fromFp16((short) 0xC100));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.fromFp16((short) 0x7C00));
        assertTrue(Float.isNaN(HalfFloats.fromFp16((short) 0x7C01)));
    }

    @Test
    void everySixteenBitPatternSurvivesWideningAndNarrowing() {
        for (int h = 0; h < 1 << 16; h++) {
            float b = HalfFloats.fromBf16((short) h);
            float f = HalfFloats.fromFp16((short) h);
            if (Float.isNaN(b)) {
                assertTrue(Float.isNaN(HalfFloats.fromBf16(HalfFloats.toBf16(b))));
            } else {
                assertEquals(h, HalfFloats.toBf16(b) & 0xffff, "bf16 " + Integer.toHexString(h));
            }
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(HalfFloats.fromFp16(HalfFloats.toFp16(f))));
            } else {
                assertEquals(h, HalfFloats.toFp16(f) & 0xffff, "fp16 " + Integer.toHexString(h));
            }
        }
    }

    @Test
    void randomFloatsGoToANearestNeighbourTiesToEven() {
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            float x = Float.intBitsToFloat(r.nextInt());
            if (Float.isNaN(x)) {
                assertTrue(Float.isNaN(HalfFloats.fromBf16(HalfFloats.toBf16(x))));
                assertTrue(Float.isNaN(HalfFloats.fromFp16(HalfFloats.toFp16(x))));
                continue;
            }
            int abs = Float.floatToRawIntBits(x) & 0x7fffffff;
            // 0x7F7F8000 is halfway between bf16's largest finite and 2^128, 65520 the same for fp16:
            // from there on the nearest-even result is Inf
            if (abs < 0x7F7F8000) {
                nearest(x, HalfFloats.toBf16(x) & 0xffff, true);
            } else {
                assertEquals(Float.POSITIVE_INFINITY, Math.abs(HalfFloats.fromBf16(HalfFloats.toBf16(x))), "bf16 of " + x);
            }
            if (Math.abs(x) < 65520f) {
                nearest(x, HalfFloats.toFp16(x) & 0xffff, false);
            } else {
                assertEquals(Float.POSITIVE_INFINITY, Math.abs(HalfFloats.fromFp16(HalfFloats.toFp16(x))), "fp16 of " + x);
            }
        }
    }

    /** No finite neighbour of the chosen value (same sign) is closer, and on a tie the chosen mantissa is even. */
    private static void nearest(float x, int h, boolean bf) {
        double d = Math.abs((double) x - widen(h, bf));
        for (int n : new int[] {h - 1, h + 1}) {
            if ((n & 0x8000) != (h & 0x8000) || (n & 0x7fff) > (bf ? 0x7F7F : 0x7BFF)) {
                continue; // across zero or into Inf/NaN
            }
            double dn = Math.abs((double) x - widen(n, bf));
            assertTrue(d <= dn, () -> x + " -> " + Integer.toHexString(h) + " but " + Integer.toHexString(n) + " is closer");
            if (d == dn) {
                assertEquals(0, h & 1, () -> x + " tie went to odd " + Integer.toHexString(h));
            }
        }
    }

    private static double widen(int h, boolean bf) {
        return bf ? HalfFloats.fromBf16((short) h) : HalfFloats.fromFp16((short) h);
    }
}
