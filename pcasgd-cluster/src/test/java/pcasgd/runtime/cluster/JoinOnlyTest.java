package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A resuming process never forms a cluster of its own: it is never its own first seed. */
class JoinOnlyTest {
    @Test
    void aResumingFirstSeedMovesItselfLast() {
        assertEquals(List.of("10.0.0.2:25520", "10.0.0.3:25520", "10.0.0.1:25520"),
                ClusterRuntime.joinOnly(List.of("10.0.0.1:25520", "10.0.0.2:25520", "10.0.0.3:25520"), "10.0.0.1:25520"));
        // any other process's list, and a lone seed (nobody else to join), stay as given
        assertEquals(List.of("10.0.0.1:25520", "10.0.0.2:25520"),
                ClusterRuntime.joinOnly(List.of("10.0.0.1:25520", "10.0.0.2:25520"), "10.0.0.2:25520"));
        assertEquals(List.of("10.0.0.1:25520"), ClusterRuntime.joinOnly(List.of("10.0.0.1:25520"), "10.0.0.1:25520"));
    }
}
