package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which side of a split the cluster keeps. A run goes on only where its coordinator is, and the
 * coordinator's process is the oldest member (it forms the cluster: {@code pcasgd launch}, or agent
 * 0's process as the first seed). keep-majority broke ties by the lowest address: when one process
 * of a two-process run crashed and had the lower address, the coordinator's process downed itself
 * and the run ended (scripts/chaos/sbr-two-process.sh, docs/chaos.md). keep-oldest keeps it.
 */
class SplitBrainConfigTest {
    @Test
    void aClusterRunKeepsTheOldestMembersSide() {
        Config c = PekkoConfig.cluster("sbr", 4, "127.0.0.1", 0, List.of("127.0.0.1:25520"));
        assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider", c.getString("pekko.cluster.downing-provider-class"));
        assertEquals("keep-oldest", c.getString("pekko.cluster.split-brain-resolver.active-strategy"));
        // the oldest alone on its side in a larger cluster is downed (Pekko's default): the others go on
        assertEquals(true, c.getBoolean("pekko.cluster.split-brain-resolver.keep-oldest.down-if-alone"));
        assertEquals("5s", c.getString("pekko.cluster.split-brain-resolver.stable-after"));
    }
}
