package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir Path dir;

    @Test
    void writesAtomicallyAndReadsBack() throws IOException {
        assertTrue(Checkpoint.read(dir, 1).isEmpty());
        new Checkpoint("r", 1, 10, new float[] {1, 2, 3}, new float[] {4, 5, 6}).write(dir);
        new Checkpoint("r", 1, 20, new float[] {7, 8, 9}, new float[] {0, 0, 1}).write(dir);
        Checkpoint c = Checkpoint.read(dir, 1).orElseThrow();
        assertEquals(20, c.step());
        assertEquals("r", c.runId());
        assertArrayEquals(new float[] {7, 8, 9}, c.params());
        assertArrayEquals(new float[] {0, 0, 1}, c.velocity());
        assertFalse(Files.exists(dir.resolve("agent-1.ckpt.tmp")), "temp file must be moved into place");
    }

    @Test
    void truncatedFileIsReported() throws IOException {
        new Checkpoint("r", 2, 10, new float[] {1, 2, 3}, new float[] {4, 5, 6}).write(dir);
        Path f = Checkpoint.file(dir, 2);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 3));
        assertThrows(IOException.class, () -> Checkpoint.read(dir, 2));
    }
}
