package pcasgd.bed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slow-link test bed ({@code scripts/bed/bed.sh}) from a test: brings up {@code n} network
 * namespaces with per-pair bandwidth caps, runs processes inside them, cuts and heals links, and
 * tears everything down on {@link #close()} — also when the JVM exits without closing it.
 *
 * <pre>{@code
 * try (NetnsBed bed = NetnsBed.up(NetnsBed.uniquePrefix(), 2, "0-1:20mbit")) {
 *     Process p = bed.start(1, NetnsBed.java(SomeMain.class, "arg"));
 * }
 * }</pre>
 */
public final class NetnsBed implements AutoCloseable {
    /** The script, relative to the project root (Maven runs tests there). */
    public static final Path SCRIPT = Path.of("scripts", "bed", "bed.sh");
    private static final long SCRIPT_TIMEOUT_S = 120;
    private static final AtomicInteger BEDS = new AtomicInteger();

    private final String prefix;
    private final int size;
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private final Thread exitHook;
    private volatile boolean closed;

    private NetnsBed(String prefix, int size) {
        this.prefix = prefix;
        this.size = size;
        // a test JVM killed mid-run (timeout, Ctrl-C) must not leave namespaces behind
        this.exitHook = new Thread(this::down, "netns-bed-down-" + prefix);
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    /**
     * Why the bed cannot run here, or {@code null} if it can: it needs Linux, root (uid 0), the
     * {@code ip} and {@code tc} tools, the script, and the right to create a network namespace.
     */
    public static String unavailableReason() {
        if (!Files.isDirectory(Path.of("/proc/self/ns"))) {
            return "network namespaces need Linux (no /proc/self/ns)";
        }
        try {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (uid != 0) {
                return "network namespaces need root; this JVM runs as uid " + uid;
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot read this process's uid: " + e;
        }
        for (String tool : List.of("ip", "tc", "bash")) {
            if (which(tool) == null) {
                return "'" + tool + "' is not on PATH (install iproute2)";
            }
        }
        if (!Files.isRegularFile(SCRIPT)) {
            return SCRIPT + " not found from " + Path.of("").toAbsolutePath() + " (run from the project root)";
        }
        // root inside an unprivileged container may still lack CAP_SYS_ADMIN / CAP_NET_ADMIN
        String probe = "pcbprobe" + ProcessHandle.current().pid() + "-";
        try {
            Result add = run(List.of("ip", "netns", "add", probe), 30);
            run(List.of("ip", "netns", "del", probe), 30);
            if (add.exit() != 0) {
                return "cannot create a network namespace: " + add.output().strip();
            }
        } catch (IOException e) {
            return "cannot run ip: " + e.getMessage();
        }
        return null;
    }

    /** A bed prefix no other bed on this host uses now (ends in '-', as bed.sh requires). */
    public static String uniquePrefix() {
        return "pcbt" + ProcessHandle.current().pid() + "-" + BEDS.incrementAndGet() + "-";
    }

    /**
     * Brings up {@code n} namespaces {@code prefix0..prefix(n-1)}; {@code caps} as bed.sh takes
     * them: "i-j:RATE" (both directions) or "i>j:RATE" (one direction), e.g. "0-1:20mbit".
     */
    public static NetnsBed up(String prefix, int n, String... caps) throws IOException {
        NetnsBed bed = new NetnsBed(prefix, n);
        List<String> args = new ArrayList<>(List.of("up", String.valueOf(n)));
        for (String c : caps) {
            args.add("--cap");
            args.add(c);
        }
        try {
            bed.script(args);
        } catch (IOException | RuntimeException e) {
            bed.close();
            throw e;
        }
        return bed;
    }

    public int size() {
        return size;
    }

    public String prefix() {
        return prefix;
    }

    /** Agent i's namespace name. */
    public String namespace(int i) {
        checkIndex(i);
        return prefix + i;
    }

    /** Agent i's IPv4 address on the bed's bridge. */
    public String address(int i) throws IOException {
        checkIndex(i);
        return script(List.of("addr", String.valueOf(i))).strip();
    }

    /** Drops all traffic between agents i and j (netfilter DROP in both namespaces; needs iptables). */
    public void cut(int i, int j) throws IOException {
        checkIndex(i);
        checkIndex(j);
        script(List.of("cut", String.valueOf(i), String.valueOf(j)));
    }

    /** Undoes {@link #cut}. */
    public void heal(int i, int j) throws IOException {
        checkIndex(i);
        checkIndex(j);
        script(List.of("heal", String.valueOf(i), String.valueOf(j)));
    }

    /** The command line that runs {@code command} inside agent i's namespace. */
    public List<String> inNamespace(int i, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(i)));
        cmd.addAll(command);
        return cmd;
    }

    /**
     * Starts {@code command} inside agent i's namespace (stderr merged into stdout); the bed ends
     * it on {@link #close()} if it is still running.
     */
    public BedProcess start(int i, List<String> command) throws IOException {
        Process p = new ProcessBuilder(inNamespace(i, command)).redirectErrorStream(true).start();
        started.add(p);
        return new BedProcess(namespace(i), p);
    }

    /** Runs {@code command} inside agent i's namespace to its end (at most {@code timeoutS} seconds). */
    public Result exec(int i, List<String> command, long timeoutS) throws IOException {
        return run(inNamespace(i, command), timeoutS);
    }

    /**
     * A JVM command line for {@code main} on this JVM's classpath, small and quick to start
     * (several share two CI cores).
     */
    public static List<String> java(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Ends the processes it started and removes every namespace of this prefix. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        down();
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException ignored) {
            // the JVM is already exiting; the hook does the same work
        }
    }

    private synchronized void down() {
        if (closed) {
            return;
        }
        closed = true;
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        try {
            script(List.of("down"));
        } catch (IOException e) {
            System.err.println("netns bed " + prefix + ": down failed, remove by hand with "
                    + "BED_PREFIX=" + prefix + " " + SCRIPT + " down: " + e.getMessage());
        }
    }

    private String script(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--prefix", prefix));
        cmd.addAll(args);
        Result r = run(cmd, SCRIPT_TIMEOUT_S);
        if (r.exit() != 0) {
            throw new IOException("bed.sh " + String.join(" ", args) + " failed (exit " + r.exit() + "):\n" + r.output());
        }
        return r.output();
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("agent " + i + " is not in this bed of " + size);
        }
    }

    private static Result run(List<String> cmd, long timeoutS) throws IOException {
        // output to a file, not a pipe: a hung child then cannot also hang the reader past the timeout
        Path log = Files.createTempFile("netns-bed", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(String.join(" ", cmd) + " did not end within " + timeoutS
                            + " s; output:\n" + Files.readString(log));
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + String.join(" ", cmd), e);
            }
            return new Result(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path which(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool);
            }
        }
        return null;
    }

    /** A finished command: exit status and its merged output. */
    public record Result(int exit, String output) { }

    /** A process running inside a namespace, its output collected line by line. */
    public static final class BedProcess {
        private final String namespace;
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Thread reader;

        BedProcess(String namespace, Process process) {
            this.namespace = namespace;
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "bed-output-" + namespace);
            reader.setDaemon(true);
            reader.start();
        }

        public Process process() {
            return process;
        }

        public List<String> lines() {
            return List.copyOf(lines);
        }

        /** Waits (at most {@code timeoutMs}) for an output line containing {@code text}. */
        public boolean awaitLine(String text, long timeoutMs) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (System.nanoTime() < end) {
                if (lines.stream().anyMatch(l -> l.contains(text))) {
                    return true;
                }
                if (!process.isAlive()) {
                    reader.join(1000);
                    return lines.stream().anyMatch(l -> l.contains(text));
                }
                Thread.sleep(20);
            }
            return false;
        }

        /** Waits (at most {@code timeoutS}) for the end; returns the exit status and all output. */
        public Result await(long timeoutS) throws InterruptedException, IOException {
            if (!process.waitFor(timeoutS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("process in " + namespace + " did not end within " + timeoutS
                        + " s; output:\n" + String.join("\n", lines));
            }
            reader.join(5000);
            return new Result(process.exitValue(), String.join("\n", lines));
        }

        @Override
        public String toString() {
            return namespace + ": " + String.join("\n", lines);
        }
    }
}
