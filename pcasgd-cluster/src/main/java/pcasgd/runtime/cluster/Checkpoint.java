package pcasgd.runtime.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import pcasgd.io.AtomicFiles;

/**
 * One agent's resumable state: x_i^k, its heavy-ball velocity v_i and k. Written atomically and
 * durably ({@link AtomicFiles#writeDurably}) so a crash mid-write leaves the previous checkpoint
 * intact. The adaptive-λ running mean square is not saved: it re-warms within a few dozen steps.
 */
public record Checkpoint(String runId, int agent, long step, float[] params, float[] velocity) {
    private static final int MAGIC = 0x50434B50; // "PCKP"

    public static Path file(Path dir, int agent) {
        return dir.resolve("agent-" + agent + ".ckpt");
    }

    public void write(Path dir) throws IOException {
        byte[] id = runId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 + id.length + 4 + 8 + 4 + 8 * params.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putInt(id.length).put(id).putInt(agent).putLong(step).putInt(params.length);
        buf.asFloatBuffer().put(params).put(velocity);
        AtomicFiles.writeDurably(file(dir, agent), buf.array());
    }

    /** The agent's checkpoint in {@code dir}, if there is one. */
    public static Optional<Checkpoint> read(Path dir, int agent) throws IOException {
        Path f = file(dir, agent);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 8 || buf.getInt() != MAGIC) {
            throw new IOException(f + " is not a pcasgd checkpoint");
        }
        int len = buf.getInt();
        if (len < 0 || len > 256) {
            throw new IOException(f + " is corrupt (run id length " + len + ")");
        }
        byte[] id = new byte[len];
        buf.get(id);
        int a = buf.getInt();
        long step = buf.getLong();
        int dim = buf.getInt();
        if (dim < 0 || (long) dim * 8 != buf.remaining()) {
            throw new IOException(f + " is truncated or corrupt (dimension " + dim + ", " + buf.remaining() + " bytes)");
        }
        float[] x = new float[dim];
        float[] v = new float[dim];
        var fb = buf.asFloatBuffer();
        fb.get(x).get(v);
        return Optional.of(new Checkpoint(new String(id, java.nio.charset.StandardCharsets.UTF_8), a, step, x, v));
    }
}
