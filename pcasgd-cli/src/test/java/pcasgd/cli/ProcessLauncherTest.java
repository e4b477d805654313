package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The one way this program starts a child JVM: its command line, and a real child's output and environment. */
class ProcessLauncherTest {
    /** A child: prints its arguments, a system property and an environment variable, on stdout and stderr. */
    public static final class Child {
        public static void main(String[] args) {
            System.out.println("args " + String.join("|", args));
            System.err.println("property " + System.getProperty("pcasgd.test.property"));
            System.out.println("env " + System.getenv("PCASGD_TEST_ENV"));
        }
    }

    @Test
    void theCommandIsThisJavaThenOptionsClassPathMainClassAndArgumentsInOrder() {
        ProcessLauncher l = ProcessLauncher.of(Child.class).jvmOptions("-Xmx64m").args("a", "b c")
                .jvmOptions(List.of("-Dx=1")).args(List.of("d"));
        assertEquals(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-Dx=1",
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), "a", "b c", "d"), l.command());
        assertEquals(ProcessLauncher.of("pcasgd.cli.Main").command().subList(1, 4),
                ProcessLauncher.of(Main.class).command().subList(1, 4));
    }

    @Test
    void onlySystemPropertiesAndHeapAndStackSizesAreInherited() {
        assertEquals(List.of("-Dpekko.loglevel=INFO", "-Xmx2g", "-Xms1g", "-Xss4m"), ProcessLauncher.inheritable(List.of(
                "-Dpekko.loglevel=INFO", "-XX:+UseSerialGC", "-Xmx2g", "-agentlib:jdwp=transport=dt_socket", "-Xms1g",
                "-Xss4m", "-ea")));
        List<String> cmd = ProcessLauncher.of(Child.class).inheritJvmOptions().jvmOptions("-Xmx64m").command();
        int cp = cmd.indexOf("-cp");
        assertEquals("-Xmx64m", cmd.get(cp - 1), "explicit options come after the inherited ones: " + cmd);
        assertTrue(cmd.subList(1, cp - 1).stream().allMatch(a -> a.startsWith("-D") || a.startsWith("-X")), cmd.toString());
    }

    @Test
    void anUnknownClassPathIsAnErrorBeforeAnythingStarts() {
        String before = System.getProperty("java.class.path");
        System.setProperty("java.class.path", "");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ProcessLauncher.of(Child.class).start());
            assertTrue(e.getMessage().contains("class path"), e.getMessage());
        } finally {
            System.setProperty("java.class.path", before);
        }
    }

    @Test
    @Timeout(120)
    void aChildWritesStdoutAndStderrToItsLogWithItsEnvironment(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        Files.writeString(log, "old content\n");
        ProcessLauncher l = ProcessLauncher.of(Child.class).jvmOptions("-Xmx64m", "-Dpcasgd.test.property=p1")
                .args("x", "y z").environment("PCASGD_TEST_ENV", "e1").logTo(log);
        assertEquals(Map.of("PCASGD_TEST_ENV", "e1"), l.environment());
        Process p = l.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertTrue(lines.containsAll(List.of("args x|y z", "property p1", "env e1")), lines.toString());
        assertTrue(!lines.contains("old content"), "logTo replaces the log: " + lines);

        // appendTo keeps what the log held
        Process q = ProcessLauncher.of(Child.class).jvmOptions("-Xmx64m").args("second").appendTo(log).start();
        assertTrue(q.waitFor(60, TimeUnit.SECONDS));
        lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertTrue(lines.containsAll(List.of("args x|y z", "args second")), lines.toString());
    }
}
