package pcasgd.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** One agent JVM started from the test's own classpath, its output collected line by line. */
public final class AgentProcess implements AutoCloseable {
    final String name;
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();

    private AgentProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "output-" + name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * {@code pcasgd <args>} through the real CLI in a small, quick-starting JVM (the CI has two cores
     * for several of them), logging at INFO so tests can wait for the runtime's events.
     */
    static AgentProcess cli(String name, List<String> args) throws IOException {
        return startMain(name, "pcasgd.cli.Main", List.of("-Xmx256m",
                // tests need a crashed process downed quickly; production keeps pcasgd-cluster.conf's 5 s
                "-Dpekko.cluster.split-brain-resolver.stable-after=2s"), args);
    }

    /**
     * A JVM running {@code mainClass} (e.g. the real CLI, {@code pcasgd.cli.Main agent ...}) from the
     * test's classpath; native math libraries are held to one thread so four processes share two cores.
     */
    static AgentProcess startMain(String name, String mainClass, List<String> jvmArgs, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("MKL_NUM_THREADS", "1");
        return new AgentProcess(name, pb.start());
    }

    /** The output lines that contain {@code text}. */
    List<String> linesWith(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    /** Waits until some output line contains {@code text}. */
    boolean awaitLine(String text, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (lines.stream().anyMatch(l -> l.contains(text))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    boolean hasLine(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    int awaitExit(long timeoutMs) throws InterruptedException {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            return Integer.MIN_VALUE;
        }
        return process.exitValue();
    }

    String output() {
        return name + ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
