package pcasgd.runtime;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * How parameter and gradient values travel: 4-byte floats, or 2-byte bfloat16 / fp16 (half the bytes,
 * rounded to nearest even, see {@link HalfFloats}). Chosen per run by the actor-system setting
 * {@code pcasgd.encoding}; a receiver decodes whatever encoding a message names, always into float[],
 * so the update rules never see the narrow formats. Buffers are little-endian (set by the wire format).
 * The simulator applies the same rounding to its messages ({@link #round}), so a run's accuracy per
 * encoding can be measured without a network.
 */
public enum WireEncoding {
    FP32(0, 4),
    BF16(1, 2),
    FP16(2, 2);

    /** The actor-system setting that chooses the encoding of outgoing parameter messages. */
    public static final String CONFIG_PATH = "pcasgd.encoding";

    private final byte id;
    private final int bytesPerValue;

    WireEncoding(int id, int bytesPerValue) {
        this.id = (byte) id;
        this.bytesPerValue = bytesPerValue;
    }

    /** The byte that names this encoding in a message. */
    public byte id() {
        return id;
    }

    public int bytesPerValue() {
        return bytesPerValue;
    }

    /** fp32, bf16 or fp16 (any case). */
    public static WireEncoding parse(String name) {
        for (WireEncoding e : values()) {
            if (e.name().equalsIgnoreCase(name.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + CONFIG_PATH + " '" + name + "': use fp32, bf16 or fp16");
    }

    /** The encoding a message's byte names, or null for an unknown byte. */
    public static WireEncoding ofId(byte id) {
        for (WireEncoding e : values()) {
            if (e.id == id) {
                return e;
            }
        }
        return null;
    }

    /** Every fp16 pattern widened once (256 KB, stays in L2): decoding becomes one load per value. */
    private static final float[] FP16_TO_FLOAT = new float[1 << 16];

    static {
        for (int h = 0; h < FP16_TO_FLOAT.length; h++) {
            FP16_TO_FLOAT[h] = HalfFloats.fromFp16((short) h);
        }
    }

    /** Writes {@code v} at the buffer's position and advances it by {@code v.length · bytesPerValue()}. */
    public void put(ByteBuffer buf, float[] v) {
        int p = buf.position();
        switch (this) {
            case FP32 -> buf.asFloatBuffer().put(v); // bulk copy: the float layout is already the wire layout
            case BF16 -> {
                for (int i = 0; i < v.length; i++) {
                    buf.putShort(p + 2 * i, HalfFloats.toBf16(v[i]));
                }
            }
            case FP16 -> {
                for (int i = 0; i < v.length; i++) {
                    buf.putShort(p + 2 * i, HalfFloats.toFp16(v[i]));
                }
            }
        }
        buf.position(p + bytesPerValue * v.length);
    }

    /** Reads {@code n} values at the buffer's position into a new float[]; the caller checked that they are there. */
    public float[] get(ByteBuffer buf, int n) {
        float[] v = new float[n];
        int p = buf.position();
        switch (this) {
            case FP32 -> buf.asFloatBuffer().get(v);
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    v[i] = HalfFloats.fromBf16(buf.getShort(p + 2 * i));
                }
            }
            case FP16 -> {
                // measured (bench-cluster --parts wire): the table halves fromFp16's branches' cost
                for (int i = 0; i < n; i++) {
                    v[i] = FP16_TO_FLOAT[buf.getShort(p + 2 * i) & 0xffff];
                }
            }
        }
        buf.position(p + bytesPerValue * n);
        return v;
    }

    /** What a receiver holds after {@code src} travelled in this encoding: each value rounded to nearest even. */
    public void round(float[] src, float[] dst) {
        switch (this) {
            case FP32 -> System.arraycopy(src, 0, dst, 0, src.length);
            case BF16 -> {
                for (int i = 0; i < src.length; i++) {
                    dst[i] = HalfFloats.fromBf16(HalfFloats.toBf16(src[i]));
                }
            }
            case FP16 -> {
                for (int i = 0; i < src.length; i++) {
                    dst[i] = FP16_TO_FLOAT[HalfFloats.toFp16(src[i]) & 0xffff];
                }
            }
        }
    }

    /** A new array holding {@code src} as a receiver gets it (a plain copy for fp32). */
    public float[] rounded(float[] src) {
        float[] out = new float[src.length];
        round(src, out);
        return out;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
