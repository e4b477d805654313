package pcasgd.bed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The slow-link bed enforces real kernel caps: 2 MiB over a 20 Mbit/s link cannot take less than
 * 2·1024²·8 / 20·10⁶ = 0.84 s, so the test asserts only lower bounds physics guarantees (with
 * room for HTB's initial burst), never an upper bound on a loaded machine; "several times faster"
 * compares the uncapped direction of the same link with that floor.
 */
class NetnsBedTest {
    private static final long TWO_MIB = 2L * 1024 * 1024;
    private static final String PORT = "5001";

    private static void requireBed() {
        String why = NetnsBed.unavailableReason();
        if (why != null) {
            Assumptions.abort("slow-link test bed unavailable: " + why);
        }
    }

    @Test
    @Timeout(240)
    void cappedDirectionIsSlowAndTheOtherIsNot() throws Exception {
        requireBed();
        String prefix = NetnsBed.uniquePrefix();
        try (NetnsBed bed = NetnsBed.up(prefix, 2, "0>1:20mbit")) {
            NetnsBed.BedProcess server = bed.start(1, NetnsBed.java(TcpTransfer.class, "serve", PORT));
            assertTrue(server.awaitLine("ready", 60_000), () -> "transfer server did not start: " + server);

            // pull: data 1 -> 0 (uncapped); push: data 0 -> 1 (capped). Several pulls, the fastest
            // counts: the first one also pays for the sender's cold JIT.
            NetnsBed.Result r = bed.start(0, NetnsBed.java(TcpTransfer.class, "send", bed.address(1), PORT,
                    String.valueOf(TWO_MIB), "pull", "pull", "pull", "push")).await(180);
            assertEquals(0, r.exit(), () -> "sender failed:\n" + r.output() + "\nserver:\n" + server);

            double push = seconds(r.output(), "push").get(0);
            double fastestPull = seconds(r.output(), "pull").stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            System.out.printf("bed: 2 MiB at 20mbit (0 -> 1) %.3f s, uncapped (1 -> 0) %.4f s%n", push, fastestPull);
            assertTrue(push >= 0.6, "2 MiB over a 20 Mbit/s cap took " + push + " s < 0.6 s: the cap is not enforced");
            assertTrue(fastestPull * 3 <= push,
                    "uncapped direction took " + fastestPull + " s, not several times faster than the capped " + push + " s");
        }
        assertNoNamespaces(prefix);
    }

    @Test
    @Timeout(240)
    void cutDropsTrafficAndHealRestoresIt() throws Exception {
        requireBed();
        Assumptions.assumeTrue(onPath("iptables"), "cut/heal need iptables (apt-get install -y iptables)");
        String prefix = NetnsBed.uniquePrefix();
        try (NetnsBed bed = NetnsBed.up(prefix, 2)) {
            NetnsBed.BedProcess server = bed.start(1, NetnsBed.java(TcpTransfer.class, "serve", PORT));
            assertTrue(server.awaitLine("ready", 60_000), () -> "transfer server did not start: " + server);
            String target = bed.address(1);

            bed.cut(0, 1);
            NetnsBed.Result cut = bed.exec(0, NetnsBed.java(TcpTransfer.class, "probe", target, PORT, "1000"), 120);
            assertNotEquals(0, cut.exit(), () -> "connected through a cut link:\n" + cut.output());

            bed.heal(0, 1);
            // generous: a healed link answers the next SYN at once; the bound only stops a hang
            NetnsBed.Result healed = bed.exec(0, NetnsBed.java(TcpTransfer.class, "probe", target, PORT, "20000"), 120);
            assertEquals(0, healed.exit(), () -> "no connection after heal:\n" + healed.output());
        }
        assertNoNamespaces(prefix);
    }

    private static List<Double> seconds(String output, String mode) {
        List<Double> s = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && f[0].equals(mode)) {
                s.add(Double.parseDouble(f[1]));
            }
        }
        assertTrue(!s.isEmpty(), () -> "no '" + mode + "' timing in:\n" + output);
        return s;
    }

    private static void assertNoNamespaces(String prefix) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String list = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        assertTrue(list.lines().noneMatch(l -> l.startsWith(prefix)), () -> "bed left namespaces behind:\n" + list);
    }

    private static boolean onPath(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
