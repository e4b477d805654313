package pcasgd.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts a child JVM of this program: the running JVM's own {@code java} binary and class path, then
 * JVM options, a main class and its arguments, with the child's standard output and error together
 * in one log (or discarded), and environment variables added to this process's. The one place that
 * spawns JVMs: {@code pcasgd launch}'s agent processes and the benchmarks' peer processes.
 *
 * <pre>{@code
 * Process p = ProcessLauncher.of(Main.class)
 *         .inheritJvmOptions()                  // -D..., -Xmx, -Xms, -Xss of this JVM
 *         .jvmOptions("-Xmx2g")
 *         .args("agent", "--id", "1", "--seed-nodes", "127.0.0.1:25520")
 *         .logTo(Path.of("process-1.log"))
 *         .start();
 * }</pre>
 *
 * The command is {@code <java.home>/bin/java <jvm options> -cp <java.class.path> <main class> <args>},
 * options and arguments in the order they were added. A launcher is a mutable recipe, not
 * thread-safe; every {@link #start()} starts one more process from it.
 */
public final class ProcessLauncher {
    private final String mainClass;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private ProcessBuilder.Redirect output = ProcessBuilder.Redirect.DISCARD;

    private ProcessLauncher(String mainClass) {
        if (mainClass.isBlank()) {
            throw new IllegalArgumentException("main class must not be blank");
        }
        this.mainClass = mainClass;
    }

    /**
     * A launcher of {@code mainClass}'s {@code main}, which must be on this JVM's class path.
     *
     * @param mainClass the class whose {@code main} the child runs
     * @return the launcher: no JVM options, no arguments, output discarded
     */
    public static ProcessLauncher of(Class<?> mainClass) {
        return new ProcessLauncher(mainClass.getName());
    }

    /**
     * A launcher of a main class given by name.
     *
     * @param mainClass the fully qualified name of the class whose {@code main} the child runs
     * @return the launcher: no JVM options, no arguments, output discarded
     */
    public static ProcessLauncher of(String mainClass) {
        return new ProcessLauncher(Objects.requireNonNull(mainClass, "main class"));
    }

    /**
     * Adds this JVM's own system properties ({@code -D...}: Pekko, logging) and heap and stack sizes
     * ({@code -Xmx}, {@code -Xms}, {@code -Xss}) as given on its command line, so the child runs like it.
     * Other options (agents, debuggers, GC flags) are not passed on.
     *
     * @return this launcher
     */
    public ProcessLauncher inheritJvmOptions() {
        jvmOptions.addAll(inheritable(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return this;
    }

    /** The options of {@code inputArguments} that {@link #inheritJvmOptions()} passes on, in order. */
    static List<String> inheritable(List<String> inputArguments) {
        List<String> out = new ArrayList<>();
        for (String a : inputArguments) {
            if (a.startsWith("-D") || a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xss")) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Adds JVM options, e.g. {@code -Xmx1g} or {@code -Dkey=value}, after those added before.
     *
     * @param options the options
     * @return this launcher
     */
    public ProcessLauncher jvmOptions(String... options) {
        return jvmOptions(List.of(options));
    }

    /**
     * Adds JVM options after those added before.
     *
     * @param options the options
     * @return this launcher
     */
    public ProcessLauncher jvmOptions(Collection<String> options) {
        options.forEach(o -> jvmOptions.add(Objects.requireNonNull(o, "JVM option")));
        return this;
    }

    /**
     * Adds arguments of the main class after those added before.
     *
     * @param values the arguments
     * @return this launcher
     */
    public ProcessLauncher args(String... values) {
        return args(List.of(values));
    }

    /**
     * Adds arguments of the main class after those added before.
     *
     * @param values the arguments
     * @return this launcher
     */
    public ProcessLauncher args(Collection<String> values) {
        values.forEach(v -> args.add(Objects.requireNonNull(v, "argument")));
        return this;
    }

    /**
     * Sets an environment variable of the child; the child otherwise gets this process's environment.
     *
     * @param name the variable
     * @param value its value
     * @return this launcher
     */
    public ProcessLauncher environment(String name, String value) {
        environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Writes the child's standard output and error, together, to {@code log}, replacing what it held.
     *
     * @param log the log file; its folder must exist
     * @return this launcher
     */
    public ProcessLauncher logTo(Path log) {
        return output(ProcessBuilder.Redirect.to(log.toFile()));
    }

    /**
     * Appends the child's standard output and error, together, to {@code log}.
     *
     * @param log the log file; its folder must exist
     * @return this launcher
     */
    public ProcessLauncher appendTo(Path log) {
        return output(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    /**
     * Where the child's standard output and error go, together (default
     * {@link ProcessBuilder.Redirect#DISCARD}; {@link ProcessBuilder.Redirect#PIPE} to read them from
     * {@link Process#getInputStream()}).
     *
     * @param redirect the destination
     * @return this launcher
     */
    public ProcessLauncher output(ProcessBuilder.Redirect redirect) {
        this.output = Objects.requireNonNull(redirect, "output");
        return this;
    }

    /**
     * The command line {@link #start()} runs.
     *
     * @return java binary, JVM options, {@code -cp} and the class path, main class, arguments
     * @throws IllegalStateException if this JVM's class path is unknown
     */
    public List<String> command() {
        String cp = classPath();
        if (cp.isBlank()) {
            throw new IllegalStateException("cannot start a JVM of this program: this JVM's class path (java.class.path)"
                    + " is unknown");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", cp, mainClass));
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The environment variables set for the child on top of this process's.
     *
     * @return name to value, in the order they were set
     */
    public Map<String, String> environment() {
        return Collections.unmodifiableMap(environment);
    }

    /** The process builder {@link #start()} starts: command, merged output and its destination, environment. */
    ProcessBuilder processBuilder() {
        ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(output);
        pb.environment().putAll(environment);
        return pb;
    }

    /**
     * Starts one child JVM.
     *
     * @return the process
     * @throws IOException if it cannot be started (or its log cannot be opened)
     * @throws IllegalStateException if this JVM's class path is unknown
     */
    public Process start() throws IOException {
        return processBuilder().start();
    }

    /**
     * The running JVM's {@code java} binary, {@code <java.home>/bin/java}.
     *
     * @return its path
     */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * This JVM's class path, which every child gets.
     *
     * @return {@code java.class.path}, or an empty string when it is unknown
     */
    public static String classPath() {
        return System.getProperty("java.class.path", "");
    }
}
