package pcasgd.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import pcasgd.cli.ProcessLauncher;
import pcasgd.runtime.cluster.AgentMsg;
import pcasgd.runtime.cluster.EpochReport;
import pcasgd.runtime.cluster.ParamsMessage;
import pcasgd.runtime.cluster.ParamsSerializer;
import pcasgd.runtime.cluster.PekkoConfig;

/**
 * Parameter-exchange throughput between two processes on loopback (docs/benchmarks.md, "Actor runtime").
 * <ul>
 *   <li><b>artery</b>: this JVM and a peer JVM form a two-node Pekko cluster over Artery TCP; a
 *       sender actor streams {@link ParamsMessage}s (half x, half g: {@code floats} floats in all)
 *       through the real {@link ParamsSerializer} to a sink actor in the peer, which acks every
 *       message after it has been deserialized; at most {@code window} vectors are unacknowledged.
 *       A {@link Variant} adds configuration to both actor systems (lanes, frame and buffer sizes, ...)
 *       and may split every vector into messages of at most {@code chunkFloats} floats;</li>
 *   <li><b>tcp</b>: the same protocol over a plain {@link java.net.Socket} to a peer JVM: every message
 *       is encoded into a byte buffer (one pass over the floats, little-endian, as the serializer
 *       does), sent with a 4-byte length, decoded back into floats by the peer, acked with 8 bytes.</li>
 * </ul>
 * Cases are repeated for {@code rounds} rounds, and within a round the socket and every variant run one
 * after the other, so load drift hits them alike and the ratio is taken within a round.
 * MB/s = payload bytes (4 per float) / wall time from first send to last ack. The per-message
 * overhead is the time per message when streaming tiny messages ({@code smallFloats}). Every row also
 * carries the bytes the sending and the receiving JVM allocated per message (all threads) and their
 * GC milliseconds: the copies a transport makes show up there.
 */
public final class ThroughputBench {
    static final String RUN = "throughput";
    static final ServiceKey<AgentMsg> SINK = ServiceKey.create(AgentMsg.class, "bench-sink");
    static final ServiceKey<Object> DRIVER = ServiceKey.create(Object.class, "bench-driver");
    static final String FRAME = "pekko.remote.artery.advanced.maximum-large-frame-size";
    /** In the socket protocol's length word: the peer answers with its {@link Counters} (first and last message). */
    static final int STAMP = 1 << 30;
    /** In a ParamsMessage's incarnation field: the sink answers with its {@link Counters}. */
    static final long STAMP_REQUEST = 1;

    /**
     * An Artery configuration to measure: {@code hocon} is laid over pcasgd-cluster.conf on both sides;
     * {@code chunkFloats} > 0 sends each vector as messages of at most that many floats.
     */
    public record Variant(String name, String hocon, int chunkFloats) {
        public Variant {
            Objects.requireNonNull(name);
            Objects.requireNonNull(hocon);
            if (name.isBlank() || name.contains(",")) {
                throw new IllegalArgumentException("variant name must be non-blank without commas: '" + name + "'");
            }
            if (chunkFloats < 0) {
                throw new IllegalArgumentException("chunkFloats must be >= 0, got " + chunkFloats);
            }
        }

        /** pcasgd-cluster.conf as shipped. */
        public static Variant defaults() {
            return new Variant("default", "", 0);
        }

        /** {@code name=hocon} or {@code name=chunk:N} or {@code name=chunk:N;hocon}; hocon entries separated by ';'. */
        public static Variant parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                return spec.equals("default") ? defaults() : fail(spec);
            }
            String name = spec.substring(0, eq).trim();
            String rest = spec.substring(eq + 1).trim();
            int chunk = 0;
            if (rest.startsWith("chunk:")) {
                int semi = rest.indexOf(';');
                String n = semi < 0 ? rest.substring(6) : rest.substring(6, semi);
                try {
                    chunk = Integer.parseInt(n.trim());
                } catch (NumberFormatException e) {
                    return fail(spec);
                }
                rest = semi < 0 ? "" : rest.substring(semi + 1);
            }
            String hocon = rest.replace(';', '\n');
            ConfigFactory.parseString(hocon); // a syntax error surfaces here, before any JVM starts
            return new Variant(name, hocon, chunk);
        }

        private static Variant fail(String spec) {
            throw new IllegalArgumentException("variant must be 'default', 'name=hocon', 'name=chunk:N' or "
                    + "'name=chunk:N;hocon', got '" + spec + "'");
        }
    }

    /** One JVM's running totals: bytes allocated by all live threads, GC milliseconds, process CPU nanoseconds. */
    record Counters(long allocatedBytes, long gcMillis, long cpuNanos) {
        static Counters now() {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long alloc = 0;
            for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                alloc += Math.max(0, a);
            }
            long gc = 0;
            for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                gc += Math.max(0, b.getCollectionTime());
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Counters(alloc, gc, os.getProcessCpuTime());
        }

        long[] toArray() {
            return new long[] {allocatedBytes, gcMillis, cpuNanos};
        }

        static Counters of(long[] a) {
            return new Counters(a[0], a[1], a[2]);
        }

        /** Per-message figures between two stamps {@code messages} messages apart; {@code per} messages make one row message. */
        double[] perMessage(Counters later, long messages, double per) {
            double k = messages > 0 ? per / messages : Double.NaN;
            return new double[] {(later.allocatedBytes - allocatedBytes) * k, (later.cpuNanos - cpuNanos) * k / 1e3};
        }
    }

    /**
     * One measured case; {@code variant} is "socket" for the plain-TCP baseline. Per message: bytes allocated and
     * CPU microseconds of the whole sending and receiving JVM (all threads); GC milliseconds over the case.
     */
    public record Row(int round, String transport, String variant, int floats, int chunkFloats, long messages, int window,
                      double seconds, double senderBytesPerMessage, double receiverBytesPerMessage, long senderGcMillis,
                      long receiverGcMillis, double senderCpuMicrosPerMessage, double receiverCpuMicrosPerMessage) {
        public double megabytesPerSecond() {
            return messages * (double) floats * 4 / 1e6 / seconds;
        }

        /** Per vector ({@code floats} floats), whatever the number of chunks it was sent as. */
        public double microsPerMessage() {
            return seconds * 1e6 / messages;
        }
    }

    /** What to run: {@code budgetBytes} of payload per case (at least 10 vectors). */
    public record Options(List<Integer> sizes, int window, long budgetBytes, int smallFloats, int smallMessages,
                          List<Variant> variants, int rounds) {
        public Options {
            sizes = List.copyOf(sizes);
            variants = List.copyOf(variants);
            if (window < 1 || rounds < 1 || variants.isEmpty()) {
                throw new IllegalArgumentException("window and rounds must be >= 1 and at least one variant given");
            }
            // a message is x and g of equal length: half the floats each
            for (int f : sizes) {
                if (f < 2 || f % 2 != 0) {
                    throw new IllegalArgumentException("floats per message must be even and >= 2, got " + f);
                }
            }
            if (smallFloats < 2 || smallFloats % 2 != 0) {
                throw new IllegalArgumentException("small-message floats must be even and >= 2, got " + smallFloats);
            }
            for (Variant v : variants) {
                if (v.chunkFloats() % 2 != 0) {
                    throw new IllegalArgumentException("chunk of variant " + v.name() + " must be even, got " + v.chunkFloats());
                }
            }
        }
    }

    private ThroughputBench() { }

    // ---------------------------------------------------------------- driver

    /** Both transports over every size, one round, the shipped configuration. */
    public static List<Row> run(List<Integer> sizes, int window, long budgetBytes, int smallFloats, int smallMessages,
                                Consumer<Row> each) throws Exception {
        return run(new Options(sizes, window, budgetBytes, smallFloats, smallMessages, List.of(Variant.defaults()), 1), each);
    }

    /** Every round: the socket, then every variant, each over every size. */
    public static List<Row> run(Options o, Consumer<Row> each) throws Exception {
        int maxFloats = o.sizes().stream().mapToInt(Integer::intValue).max().orElse(o.smallFloats());
        long frameMiB = Math.max(16, (maxFloats * 4L + (1 << 20)) / (1 << 20) + 8);
        List<Row> rows = new ArrayList<>();
        for (int round = 0; round < o.rounds(); round++) {
            rows.addAll(tcp(round, o, each));
            for (Variant v : o.variants()) {
                rows.addAll(artery(round, o, v, frameMiB, each));
            }
        }
        return rows;
    }

    static long count(int floats, long budgetBytes) {
        return Math.max(10, Math.min(20_000, budgetBytes / (floats * 4L)));
    }

    private static Process peer(String mode, int port, int seedPort, long frameMiB, String hocon) throws IOException {
        return peerLauncher(mode, port, seedPort, frameMiB, hocon).start();
    }

    /** The peer JVM: {@code ThroughputBench <mode> <port> <seedPort> <hocon>}, output discarded unless {@code pcasgd.bench.peer-log} names a file. */
    static ProcessLauncher peerLauncher(String mode, int port, int seedPort, long frameMiB, String hocon) {
        ProcessLauncher peer = ProcessLauncher.of(ThroughputBench.class)
                .jvmOptions("-Xmx1g", "-XX:MaxDirectMemorySize=2g", "-D" + FRAME + "=" + frameMiB + "MiB", "-Dpekko.loglevel=WARNING");
        String extra = System.getProperty("pcasgd.bench.peer-jvm-args"); // e.g. a profiler for the receiving side
        if (extra != null && !extra.isBlank()) {
            peer.jvmOptions(extra.trim().split("\\s+"));
        }
        peer.args(mode, String.valueOf(port), String.valueOf(seedPort), hocon);
        String log = System.getProperty("pcasgd.bench.peer-log"); // for debugging the peer
        return log == null ? peer.output(ProcessBuilder.Redirect.DISCARD) : peer.appendTo(Path.of(log));
    }

    /** SIGTERM first, so a profiler in the peer can write its recording; killed if it does not end. */
    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** {@code messages} are sent round-robin; {@code perVector} of them make one vector. */
    private record Batch(List<ParamsMessage> messages, int perVector, long count, int window, CompletableFuture<Done> done) { }

    /** Nanoseconds from first send to last ack, and the receiver's counters at the first and the last message. */
    private record Done(long nanos, Counters first, Counters last) { }
    private record Listing(Receptionist.Listing listing) implements AgentMsg { }

    private static Config systemConfig(String hocon, long frameMiB, Config base) {
        // the sink stands in for an agent's parameter inlet, the driver takes its acknowledgements: both on the large lane
        return ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.parseString(FRAME + " = " + frameMiB + "MiB\npekko.loglevel = WARNING\n"
                        + "pekko.remote.artery.large-message-destinations = [\"/user/sink\", \"/user/driver\"]"))
                .withFallback(base);
    }

    private static List<Row> artery(int round, Options o, Variant v, long frameMiB, Consumer<Row> each) throws Exception {
        int port = freePort();
        int peerPort = freePort();
        Config config = systemConfig(v.hocon(), frameMiB,
                PekkoConfig.cluster(RUN, 2, "127.0.0.1", port, List.of("127.0.0.1:" + port)));
        CompletableFuture<ActorRef<AgentMsg>> sinkFound = new CompletableFuture<>();
        CompletableFuture<ActorRef<Object>> driverRef = new CompletableFuture<>();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.<Void>setup(ctx -> {
            driverRef.complete(ctx.spawn(driver(sinkFound), "driver"));
            return Behaviors.empty();
        }), PekkoConfig.systemName(RUN), config);
        Process p = null;
        try {
            p = peer("artery", peerPort, port, frameMiB, v.hocon());
            sinkFound.get(60, TimeUnit.SECONDS);
            ActorRef<Object> d = driverRef.get(10, TimeUnit.SECONDS);
            List<Row> rows = new ArrayList<>();
            // the per-message case first (also warms up both JVMs)
            arteryCase(round, v, d, o.smallFloats(), Math.max(1000, o.smallMessages() / 5), 64, null);
            rows.add(arteryCase(round, v, d, o.smallFloats(), o.smallMessages(), 64, each));
            for (int floats : o.sizes()) {
                long n = count(floats, o.budgetBytes());
                arteryCase(round, v, d, floats, Math.max(3, n / 5), o.window(), null); // warm-up
                rows.add(arteryCase(round, v, d, floats, n, o.window(), each));
            }
            return rows;
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (p != null) {
                stop(p);
            }
        }
    }

    private static Row arteryCase(int round, Variant v, ActorRef<Object> driver, int floats, long n, int window,
                                  Consumer<Row> each) throws Exception {
        int chunk = v.chunkFloats() > 0 && v.chunkFloats() < floats ? v.chunkFloats() : floats;
        List<ParamsMessage> parts = new ArrayList<>();
        for (int from = 0; from < floats; from += chunk) {
            int len = Math.min(chunk, floats - from);
            parts.add(new ParamsMessage(RUN, 0, 0, 0, filled(len / 2), filled(len - len / 2)));
        }
        CompletableFuture<Done> done = new CompletableFuture<>();
        Counters s0 = Counters.now();
        driver.tell(new Batch(parts, parts.size(), n * parts.size(), window * parts.size(), done));
        Done r = done.get(10, TimeUnit.MINUTES);
        double[] sender = s0.perMessage(Counters.now(), n, 1);
        // the receiver's stamps are taken at the first and the last message: messages - 1 apart
        double[] receiver = r.first().perMessage(r.last(), n * parts.size() - 1, parts.size());
        Row row = new Row(round, "artery", v.name(), floats, chunk == floats ? 0 : chunk, n, window, r.nanos() / 1e9,
                sender[0], receiver[0], Counters.now().gcMillis() - s0.gcMillis(), r.last().gcMillis() - r.first().gcMillis(),
                sender[1], receiver[1]);
        if (each != null) {
            each.accept(row);
        }
        return row;
    }

    /** The driver's sender actor: streams a batch with at most {@code window} messages unacknowledged. */
    private static Behavior<Object> driver(CompletableFuture<ActorRef<AgentMsg>> sinkFound) {
        return Behaviors.setup(ctx -> {
            ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, Listing::new);
            ctx.getSystem().receptionist().tell(Receptionist.register(DRIVER, ctx.getSelf()));
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(SINK, adapter));
            Object[] sink = {null};
            Batch[] cur = {null};
            long[] st = new long[3]; // sent, acked, start nanos
            Counters[] first = {null};
            return Behaviors.receive(Object.class)
                    .onMessage(Listing.class, l -> {
                        var refs = l.listing().getServiceInstances(SINK);
                        if (!refs.isEmpty()) {
                            sink[0] = refs.iterator().next();
                            sinkFound.complete(refs.iterator().next());
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Batch.class, b -> {
                        cur[0] = b;
                        st[0] = 0;
                        st[1] = 0;
                        st[2] = System.nanoTime();
                        while (st[0] < b.count() && st[0] < b.window()) {
                            sendNext(sink[0], b, st);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Object.class, ack -> ack instanceof ParamsMessage || ack instanceof EpochReport, ack -> {
                        Batch b = cur[0];
                        if (b == null) {
                            return Behaviors.same();
                        }
                        // stamped acks (first and last message) carry the receiver's counters
                        Counters c = ack instanceof EpochReport e
                                ? Counters.of(java.util.Arrays.stream(e.partials()).mapToLong(v -> (long) v).toArray()) : null;
                        if (st[1] == 0) {
                            first[0] = c;
                        }
                        st[1]++;
                        if (st[1] == b.count()) {
                            cur[0] = null;
                            b.done().complete(new Done(System.nanoTime() - st[2], first[0], c));
                        } else if (st[0] < b.count()) {
                            sendNext(sink[0], b, st);
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static void sendNext(Object sinkRef, Batch b, long[] st) {
        @SuppressWarnings("unchecked")
        ActorRef<AgentMsg> s = (ActorRef<AgentMsg>) sinkRef;
        ParamsMessage m = b.messages().get((int) (st[0] % b.perVector()));
        boolean stamp = st[0] == 0 || st[0] == b.count() - 1;
        // a fresh record only to set the stamp request; the arrays are shared, as in training
        s.tell(stamp ? new ParamsMessage(RUN, 0, STAMP_REQUEST, st[0], m.params(), m.grad()) : m);
        st[0]++;
    }

    private static List<Row> tcp(int round, Options o, Consumer<Row> each) throws Exception {
        int port = freePort();
        Process p = peer("tcp", port, 0, 16, "");
        try (Socket s = connect(port)) {
            s.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            List<Row> rows = new ArrayList<>();
            tcpCase(round, out, in, o.smallFloats(), Math.max(1000, o.smallMessages() / 5), 64);
            rows.add(emit(tcpCase(round, out, in, o.smallFloats(), o.smallMessages(), 64), each));
            for (int floats : o.sizes()) {
                long n = count(floats, o.budgetBytes());
                tcpCase(round, out, in, floats, Math.max(3, n / 5), o.window());
                rows.add(emit(tcpCase(round, out, in, floats, n, o.window()), each));
            }
            out.writeInt(-1);
            out.flush();
            return rows;
        } finally {
            stop(p);
        }
    }

    private static Row emit(Row r, Consumer<Row> each) {
        if (each != null) {
            each.accept(r);
        }
        return r;
    }

    private static Socket connect(int port) throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                return s;
            } catch (IOException e) {
                if (System.currentTimeMillis() > until) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** {@code n} messages of {@code floats} floats, at most {@code window} unacknowledged. */
    private static Row tcpCase(int round, DataOutputStream out, DataInputStream in, int floats, long n, int window)
            throws IOException {
        float[] x = filled(floats / 2);
        float[] g = filled(floats - floats / 2);
        ByteBuffer buf = ByteBuffer.allocate(floats * 4).order(ByteOrder.LITTLE_ENDIAN);
        long sent = 0;
        long acked = 0;
        Counters first = null;
        Counters last = null;
        Counters s0 = Counters.now();
        long t0 = System.nanoTime();
        while (acked < n) {
            if (sent < n && sent - acked < window) {
                buf.clear();
                buf.asFloatBuffer().put(x).put(g); // the serializer's one pass over the floats
                boolean stamp = sent == 0 || sent == n - 1;
                out.writeInt(floats * 4 | (stamp ? STAMP : 0));
                out.write(buf.array(), 0, floats * 4);
                sent++;
                if (sent - acked == window || sent == n) {
                    out.flush();
                }
            } else {
                out.flush();
                in.readLong();
                if (acked == 0 || acked == n - 1) { // the stamped messages' acks carry the peer's counters
                    last = new Counters(in.readLong(), in.readLong(), in.readLong());
                    first = acked == 0 ? last : first;
                }
                acked++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Counters s1 = Counters.now();
        double[] sender = s0.perMessage(s1, n, 1);
        double[] receiver = first.perMessage(last, n - 1, 1);
        return new Row(round, "tcp", "socket", floats, 0, n, window, seconds, sender[0], receiver[0],
                s1.gcMillis() - s0.gcMillis(), last.gcMillis() - first.gcMillis(), sender[1], receiver[1]);
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i % 1000) * 1e-3f;
        }
        return a;
    }

    // ---------------------------------------------------------------- peer process

    /** Peer: {@code artery <port> <seedPort> <hocon>} or {@code tcp <port> 0 <ignored>}. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        if (args[0].equals("tcp")) {
            tcpPeer(port);
            return;
        }
        int seed = Integer.parseInt(args[2]);
        Config config = ConfigFactory.parseString(args.length > 3 ? args[3] : "")
                .withFallback(PekkoConfig.cluster(RUN, 2, "127.0.0.1", port, List.of("127.0.0.1:" + seed)));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.<Void>setup(ctx -> {
            ctx.spawn(sink(), "sink");
            return Behaviors.empty();
        }), PekkoConfig.systemName(RUN), config);
        system.getWhenTerminated().toCompletableFuture().get();
    }

    private static Behavior<AgentMsg> sink() {
        return Behaviors.setup(ctx -> {
            ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, Listing::new);
            ctx.getSystem().receptionist().tell(Receptionist.register(SINK, ctx.getSelf()));
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(DRIVER, adapter));
            Object[] driver = {null};
            List<Object> pending = new ArrayList<>(); // acks owed before the receptionist told us where the driver is
            ParamsMessage ack = new ParamsMessage(RUN, 1, 1, 0, new float[0], new float[0]);
            return Behaviors.receive(AgentMsg.class)
                    .onMessage(Listing.class, l -> {
                        var refs = l.listing().getServiceInstances(DRIVER);
                        if (!refs.isEmpty()) {
                            ActorRef<Object> d = refs.iterator().next();
                            driver[0] = d;
                            pending.forEach(d::tell);
                            pending.clear();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(ParamsMessage.class, m -> {
                        // counters only when asked (first and last message of a case): summing every
                        // thread's counter costs tens of microseconds
                        // an epoch report only as a binary envelope of three numbers: the bench's counters (exact in a double)
                        Object a = m.incarnation() == STAMP_REQUEST ? new EpochReport(RUN, 1, 0, 0,
                                java.util.Arrays.stream(Counters.now().toArray()).asDoubleStream().toArray(), new float[0]) : ack;
                        @SuppressWarnings("unchecked")
                        ActorRef<Object> d = (ActorRef<Object>) driver[0];
                        if (d != null) {
                            d.tell(a);
                        } else {
                            pending.add(a);
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static void tcpPeer(int port) throws IOException {
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
             Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            byte[] bytes = new byte[0];
            float[] floats = new float[0];
            while (true) {
                int word = in.readInt();
                if (word < 0) {
                    return;
                }
                int len = word & ~STAMP;
                if (bytes.length < len) {
                    bytes = new byte[len];
                    floats = new float[len / 4];
                }
                in.readFully(bytes, 0, len);
                ByteBuffer.wrap(bytes, 0, len).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats, 0, len / 4);
                out.writeLong(len);
                if ((word & STAMP) != 0) {
                    Counters c = Counters.now();
                    out.writeLong(c.allocatedBytes());
                    out.writeLong(c.gcMillis());
                    out.writeLong(c.cpuNanos());
                }
                if (in.available() == 0) {
                    out.flush();
                }
            }
        }
    }
}
