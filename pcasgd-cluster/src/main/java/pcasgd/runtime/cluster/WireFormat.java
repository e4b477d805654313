package pcasgd.runtime.cluster;

import pcasgd.runtime.WireEncoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The binary layout of the two parameter-carrying messages. Little-endian (what x86 and ARM use
 * natively, so float buffers copy in bulk), a fixed header first so a receiver can check run and
 * sender before allocating parameter-sized arrays:
 *
 * <pre>
 *   int magic 'PCAS' | byte version | byte kind | short runIdLength | runId UTF-8 | int sender
 *   kind P (ParamsMessage): long incarnation | long step | long ackStep | long holdNanos | long stepNanos
 *                           | float transitSteps | int dim | byte encoding | byte flags
 *                           | dim values x | dim values g (only with flag HAS_GRAD)
 *   kind E (EpochReport):   int epoch | long step | int shares | shares doubles | int dim | dim floats x
 * </pre>
 * A value is 4 bytes (fp32) or 2 (bf16, fp16: {@link WireEncoding}); epoch reports always carry fp32,
 * since the coordinator's metrics are computed from them. Version 2 added the encoding and flags bytes
 * and carries an epoch report's metric shares as one flat array; version 3 added the acknowledged step;
 * version 4 the hold time, the sender's step time and its transit measured on the opposite direction.
 */
final class WireFormat {
    static final int MAGIC = 0x50434153;
    static final byte VERSION = 4;
    /** Bytes of a parameter message's fixed fields after the header. */
    private static final int PARAMS_FIXED = 8 + 8 + 8 + 8 + 8 + 4 + 4 + 1 + 1;
    static final byte PARAMS = 'P';
    static final byte EPOCH = 'E';
    /** ParamsMessage flag: the gradient follows the parameters. */
    static final byte HAS_GRAD = 1;

    private WireFormat() { }

    /** Header of a decoded message, read before its body. */
    record Header(byte kind, String runId, int sender) { }

    /** Bytes of {@code o} in fp32. */
    public static int size(Object o) {
        return size(o, WireEncoding.FP32);
    }

    /** Bytes of {@code o} with its parameter values in {@code enc}. */
    public static int size(Object o, WireEncoding enc) {
        if (o instanceof ParamsMessage p) {
            long values = (long) p.params().length * (p.hasGradient() ? 2 : 1);
            return Math.toIntExact(header(p.runId()) + PARAMS_FIXED + values * enc.bytesPerValue());
        }
        if (o instanceof EpochReport e) {
            return header(e.runId()) + 4 + 8 + 4 + 8 * e.partials().length + 4 + 4 * e.params().length;
        }
        throw new IllegalArgumentException("not a binary pcasgd message: " + o.getClass().getName());
    }

    private static int header(String runId) {
        return 4 + 1 + 1 + 2 + runId.getBytes(StandardCharsets.UTF_8).length + 4;
    }

    /** Writes {@code o} in fp32. */
    public static void write(Object o, ByteBuffer buf) {
        write(o, buf, WireEncoding.FP32);
    }

    /** Writes {@code o}, a ParamsMessage's values in {@code enc} (epoch reports always in fp32). */
    public static void write(Object o, ByteBuffer buf, WireEncoding enc) {
        buf.order(ByteOrder.LITTLE_ENDIAN);
        if (o instanceof ParamsMessage p) {
            writeHeader(buf, PARAMS, p.runId(), p.sender());
            buf.putLong(p.incarnation()).putLong(p.step()).putLong(p.ackStep()).putLong(p.holdNanos())
                    .putLong(p.stepNanos()).putFloat(p.transitSteps()).putInt(p.params().length)
                    .put(enc.id()).put(p.hasGradient() ? HAS_GRAD : 0);
            enc.put(buf, p.params());
            if (p.hasGradient()) {
                enc.put(buf, p.grad());
            }
        } else if (o instanceof EpochReport e) {
            writeHeader(buf, EPOCH, e.runId(), e.agent());
            buf.putInt(e.epoch()).putLong(e.step()).putInt(e.partials().length);
            for (double v : e.partials()) {
                buf.putDouble(v);
            }
            buf.putInt(e.params().length);
            putFloats(buf, e.params());
        } else {
            throw new IllegalArgumentException("not a binary pcasgd message: " + o.getClass().getName());
        }
    }

    private static void writeHeader(ByteBuffer buf, byte kind, String runId, int sender) {
        byte[] id = runId.getBytes(StandardCharsets.UTF_8);
        buf.putInt(MAGIC).put(VERSION).put(kind).putShort((short) id.length).put(id).putInt(sender);
    }

    public static byte[] toBytes(Object o) {
        return toBytes(o, WireEncoding.FP32);
    }

    public static byte[] toBytes(Object o, WireEncoding enc) {
        ByteBuffer buf = ByteBuffer.allocate(size(o, enc));
        write(o, buf, enc);
        return buf.array();
    }

    static Header readHeader(ByteBuffer buf) {
        buf.order(ByteOrder.LITTLE_ENDIAN);
        if (buf.getInt() != MAGIC) {
            throw new RejectedMessageException("not a pcasgd message (bad magic)");
        }
        byte version = buf.get();
        if (version != VERSION) {
            throw new RejectedMessageException("unsupported pcasgd wire version " + version);
        }
        byte kind = buf.get();
        int len = buf.getShort() & 0xffff;
        if (len > 256) {
            throw new RejectedMessageException("run id too long: " + len);
        }
        byte[] id = new byte[len];
        buf.get(id);
        return new Header(kind, new String(id, StandardCharsets.UTF_8), buf.getInt());
    }

    /** Reads the body after {@link #readHeader}. */
    static Object readBody(Header h, ByteBuffer buf) {
        if (h.kind() == PARAMS) {
            if (buf.remaining() < PARAMS_FIXED) {
                throw new RejectedMessageException("corrupt parameter message: " + buf.remaining() + " bytes after the header");
            }
            long incarnation = buf.getLong();
            long step = buf.getLong();
            long ackStep = buf.getLong();
            long holdNanos = buf.getLong();
            long stepNanos = buf.getLong();
            float transitSteps = buf.getFloat();
            int dim = buf.getInt();
            byte encoding = buf.get();
            byte flags = buf.get();
            WireEncoding enc = WireEncoding.ofId(encoding);
            if (enc == null) {
                throw new RejectedMessageException("unknown parameter encoding " + encoding);
            }
            if ((flags & ~HAS_GRAD) != 0) {
                throw new RejectedMessageException("unknown parameter message flags " + flags);
            }
            boolean grad = (flags & HAS_GRAD) != 0;
            // exactly the announced values must follow: checked before any parameter-sized allocation
            long expected = (long) dim * (grad ? 2 : 1) * enc.bytesPerValue();
            if (dim < 0 || expected != buf.remaining()) {
                throw new RejectedMessageException("corrupt parameter message: dimension " + dim + " in " + enc
                        + (grad ? " with" : " without") + " gradient needs " + expected + " bytes, " + buf.remaining() + " left");
            }
            float[] x = enc.get(buf, dim);
            return new ParamsMessage(h.runId(), h.sender(), incarnation, step, x, grad ? enc.get(buf, dim) : null, ackStep,
                    holdNanos, stepNanos, transitSteps);
        }
        if (h.kind() == EPOCH) {
            int epoch = buf.getInt();
            long step = buf.getLong();
            int shares = buf.getInt();
            if (shares < 0 || shares > buf.remaining() / 8) {
                throw new RejectedMessageException("corrupt epoch report: " + shares + " metric shares");
            }
            double[] partials = new double[shares];
            for (int s = 0; s < shares; s++) {
                partials[s] = buf.getDouble();
            }
            int dim = dimension(buf, 4);
            return new EpochReport(h.runId(), h.sender(), epoch, step, partials, getFloats(buf, dim));
        }
        throw new RejectedMessageException("unknown pcasgd message kind " + h.kind());
    }

    public static Object read(ByteBuffer buf) {
        return readBody(readHeader(buf), buf);
    }

    private static int dimension(ByteBuffer buf, int bytesPerEntry) {
        int dim = buf.getInt();
        if (dim < 0 || (long) dim * bytesPerEntry > buf.remaining()) {
            throw new RejectedMessageException("corrupt message: dimension " + dim + " but " + buf.remaining() + " bytes left");
        }
        return dim;
    }

    private static void putFloats(ByteBuffer buf, float[] v) {
        buf.asFloatBuffer().put(v);
        buf.position(buf.position() + 4 * v.length);
    }

    private static float[] getFloats(ByteBuffer buf, int n) {
        float[] v = new float[n];
        buf.asFloatBuffer().get(v);
        buf.position(buf.position() + 4 * n);
        return v;
    }

    /** A message this node refuses: foreign run, unknown sender, or not our format. */
    public static final class RejectedMessageException extends IllegalArgumentException {
        public RejectedMessageException(String message) {
            super(message);
        }
    }
}
