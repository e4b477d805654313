package pcasgd.runtime;

/**
 * 16-bit float formats for the wire: bfloat16 (float's 8-bit exponent, 7 mantissa bits) and IEEE 754
 * binary16 "fp16" (5-bit exponent, 10 mantissa bits). Narrowing rounds to nearest, ties to even;
 * NaN stays NaN (made quiet, sign and top payload bits kept) and ±Inf stays ±Inf. Widening is exact.
 * Java 17 has no {@code Float.floatToFloat16} (it came in 20), hence this class.
 */
public final class HalfFloats {
    private HalfFloats() { }

    /** float → bfloat16 bits, round to nearest even. */
    public static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            // NaN: truncating a payload that lives only in the low 16 bits would give Inf; set the quiet bit
            return (short) ((bits >>> 16) | 0x0040);
        }
        // adding 0x7fff plus the kept part's lowest bit rounds ties to even; a carry into the exponent is
        // the correct result (up to Inf for values above bf16's largest finite)
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** bfloat16 bits → float (exact: bf16 is the top half of a float). */
    public static float fromBf16(short h) {
        return Float.intBitsToFloat((h & 0xffff) << 16);
    }

    /** float → IEEE binary16 bits, round to nearest even; overflow (≥ 65520) gives ±Inf, tiny values ±0. */
    public static short toFp16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs > 0x7f800000) {
            return (short) (sign | 0x7e00 | ((abs >>> 13) & 0x3ff)); // NaN, quiet
        }
        if (abs >= 0x477ff000) {
            // 65520 is halfway between 65504 (odd mantissa) and 2^16, so it and everything above rounds to Inf
            return (short) (sign | 0x7c00);
        }
        if (abs >= 0x38800000) {
            // normal in fp16 (≥ 2^-14): drop 13 mantissa bits with ties to even, rebias the exponent 127 → 15;
            // a mantissa carry correctly bumps the exponent
            return (short) (sign | (((abs + 0xfff + ((abs >>> 13) & 1)) >>> 13) - (112 << 10)));
        }
        if (abs <= 0x33000000) {
            return (short) sign; // ≤ 2^-25: half of the smallest subnormal or less, ties go to the even 0
        }
        // fp16 subnormal: value = q · 2^-24 with q = m · 2^(e-126) rounded to nearest even
        int e = abs >>> 23;
        int m = (abs & 0x7fffff) | 0x800000;
        int shift = 126 - e; // 14..24 here
        int q = m >>> shift;
        int rem = m & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rem > half || (rem == half && (q & 1) != 0)) {
            q++; // may become 0x400, the smallest normal, which is the right encoding
        }
        return (short) (sign | q);
    }

    /** IEEE binary16 bits → float (exact: every fp16 value is a float). */
    public static float fromFp16(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // Inf, or NaN with its payload
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // zero or subnormal, exact
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
