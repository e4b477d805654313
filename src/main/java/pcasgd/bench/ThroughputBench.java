package pcasgd.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import pcasgd.runtime.cluster.AgentMsg;
import pcasgd.runtime.cluster.ParamsMessage;
import pcasgd.runtime.cluster.ParamsSerializer;
import pcasgd.runtime.cluster.PekkoConfig;

/**
 * Issue 5's second benchmark: parameter-exchange throughput between two processes on loopback.
 * <ul>
 *   <li><b>artery</b>: this JVM and a peer JVM form a two-node Pekko cluster over Artery TCP; a
 *       sender actor streams {@link ParamsMessage}s (half x, half g: {@code floats} floats in all)
 *       through the real {@link ParamsSerializer} to a sink actor in the peer, which acks every
 *       message after it has been deserialized; at most {@code window} messages are unacknowledged;</li>
 *   <li><b>tcp</b>: the same protocol over a plain {@link java.net.Socket} to a peer JVM: every message
 *       is encoded into a byte buffer (one pass over the floats, little-endian, as the serializer
 *       does), sent with a 4-byte length, decoded back into floats by the peer, acked with 8 bytes.</li>
 * </ul>
 * MB/s = payload bytes (4 per float) / wall time from first send to last ack. The per-message
 * overhead is the time per message when streaming tiny messages ({@code smallFloats}).
 */
public final class ThroughputBench {
    static final String RUN = "throughput";
    static final ServiceKey<AgentMsg> SINK = ServiceKey.create(AgentMsg.class, "bench-sink");
    static final ServiceKey<AgentMsg> DRIVER = ServiceKey.create(AgentMsg.class, "bench-driver");
    static final String FRAME = "pekko.remote.artery.advanced.maximum-large-frame-size";

    /** One measured case. */
    public record Row(String transport, int floats, long messages, int window, double seconds) {
        public double megabytesPerSecond() {
            return messages * (double) floats * 4 / 1e6 / seconds;
        }

        public double microsPerMessage() {
            return seconds * 1e6 / messages;
        }
    }

    private ThroughputBench() { }

    // ---------------------------------------------------------------- driver

    /** Runs both transports over every size; {@code budgetBytes} of payload per case (at least 10 messages). */
    public static List<Row> run(List<Integer> sizes, int window, long budgetBytes, int smallFloats, int smallMessages,
                                Consumer<Row> each) throws Exception {
        int maxFloats = sizes.stream().mapToInt(Integer::intValue).max().orElse(smallFloats);
        long frameMiB = Math.max(16, (maxFloats * 4L + (1 << 20)) / (1 << 20) + 8);
        List<Row> rows = new ArrayList<>();
        rows.addAll(artery(sizes, window, budgetBytes, smallFloats, smallMessages, frameMiB, each));
        rows.addAll(tcp(sizes, window, budgetBytes, smallFloats, smallMessages, each));
        return rows;
    }

    static long count(int floats, long budgetBytes) {
        return Math.max(10, Math.min(20_000, budgetBytes / (floats * 4L)));
    }

    private static Process peer(String mode, int port, int seedPort, long frameMiB) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:MaxDirectMemorySize=2g", "-D" + FRAME + "=" + frameMiB + "MiB",
                "-Dpekko.loglevel=WARNING",
                "-cp", System.getProperty("java.class.path"), ThroughputBench.class.getName(),
                mode, String.valueOf(port), String.valueOf(seedPort)));
        String log = System.getProperty("pcasgd.bench.peer-log"); // for debugging the peer
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(new java.io.File(log)))
                .start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private record Batch(ParamsMessage message, long count, int window, CompletableFuture<Long> nanos) implements AgentMsg { }
    private record Listing(Receptionist.Listing listing) implements AgentMsg { }

    private static List<Row> artery(List<Integer> sizes, int window, long budgetBytes, int smallFloats, int smallMessages,
                                    long frameMiB, Consumer<Row> each) throws Exception {
        int port = freePort();
        int peerPort = freePort();
        Config config = ConfigFactory.parseString(FRAME + " = " + frameMiB + "MiB\npekko.loglevel = WARNING")
                .withFallback(PekkoConfig.cluster(RUN, 2, "127.0.0.1", port, List.of("127.0.0.1:" + port)));
        CompletableFuture<ActorRef<AgentMsg>> sinkFound = new CompletableFuture<>();
        // children of the guardian (/user/*), so parameter messages take Artery's large-message lane
        CompletableFuture<ActorRef<AgentMsg>> driverRef = new CompletableFuture<>();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.<Void>setup(ctx -> {
            driverRef.complete(ctx.spawn(driver(sinkFound), "driver"));
            return Behaviors.empty();
        }), PekkoConfig.systemName(RUN), config);
        Process p = null;
        try {
            p = peer("artery", peerPort, port, frameMiB);
            sinkFound.get(60, TimeUnit.SECONDS);
            ActorRef<AgentMsg> d = driverRef.get(10, TimeUnit.SECONDS);
            List<Row> rows = new ArrayList<>();
            // the per-message case first (also warms up both JVMs)
            rows.add(arteryCase(d, smallFloats, Math.max(1000, smallMessages / 5), 64, null));
            rows.add(arteryCase(d, smallFloats, smallMessages, 64, each));
            for (int floats : sizes) {
                long n = count(floats, budgetBytes);
                arteryCase(d, floats, Math.max(3, n / 5), window, null); // warm-up
                rows.add(arteryCase(d, floats, n, window, each));
            }
            return rows.subList(1, rows.size());
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (p != null) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Row arteryCase(ActorRef<AgentMsg> system, int floats, long n, int window, Consumer<Row> each)
            throws Exception {
        float[] x = filled(floats / 2);
        float[] g = filled(floats - floats / 2);
        CompletableFuture<Long> done = new CompletableFuture<>();
        system.tell(new Batch(new ParamsMessage(RUN, 0, 1, 0, x, g), n, window, done));
        long nanos = done.get(10, TimeUnit.MINUTES);
        Row r = new Row("artery", floats, n, window, nanos / 1e9);
        if (each != null) {
            each.accept(r);
        }
        return r;
    }

    /** The driver's sender actor: streams a batch with at most {@code window} messages unacknowledged. */
    private static Behavior<AgentMsg> driver(CompletableFuture<ActorRef<AgentMsg>> sinkFound) {
        return Behaviors.setup(ctx -> {
            ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, Listing::new);
            ctx.getSystem().receptionist().tell(Receptionist.register(DRIVER, ctx.getSelf()));
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(SINK, adapter));
            Object[] sink = {null};
            Batch[] cur = {null};
            long[] st = new long[3]; // sent, acked, start nanos
            return Behaviors.receive(AgentMsg.class)
                    .onMessage(Listing.class, l -> {
                        var refs = l.listing().getServiceInstances(SINK);
                        if (!refs.isEmpty()) {
                            sink[0] = refs.iterator().next();
                            sinkFound.complete(refs.iterator().next());
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Batch.class, b -> {
                        @SuppressWarnings("unchecked")
                        ActorRef<AgentMsg> s = (ActorRef<AgentMsg>) sink[0];
                        cur[0] = b;
                        st[0] = 0;
                        st[1] = 0;
                        st[2] = System.nanoTime();
                        while (st[0] < b.count() && st[0] < b.window()) {
                            s.tell(b.message());
                            st[0]++;
                        }
                        return Behaviors.same();
                    })
                    .onMessage(ParamsMessage.class, ack -> {
                        Batch b = cur[0];
                        if (b == null) {
                            return Behaviors.same();
                        }
                        st[1]++;
                        if (st[1] == b.count()) {
                            cur[0] = null;
                            b.nanos().complete(System.nanoTime() - st[2]);
                        } else if (st[0] < b.count()) {
                            @SuppressWarnings("unchecked")
                            ActorRef<AgentMsg> s = (ActorRef<AgentMsg>) sink[0];
                            s.tell(b.message());
                            st[0]++;
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static List<Row> tcp(List<Integer> sizes, int window, long budgetBytes, int smallFloats, int smallMessages,
                                 Consumer<Row> each) throws Exception {
        int port = freePort();
        Process p = peer("tcp", port, 0, 16);
        try (Socket s = connect(port)) {
            s.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            List<Row> rows = new ArrayList<>();
            tcpCase(out, in, smallFloats, Math.max(1000, smallMessages / 5), 64);
            rows.add(emit(new Row("tcp", smallFloats, smallMessages, 64, tcpCase(out, in, smallFloats, smallMessages, 64)), each));
            for (int floats : sizes) {
                long n = count(floats, budgetBytes);
                tcpCase(out, in, floats, Math.max(3, n / 5), window);
                rows.add(emit(new Row("tcp", floats, n, window, tcpCase(out, in, floats, n, window)), each));
            }
            out.writeInt(-1);
            out.flush();
            return rows;
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
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

    /** Seconds to send {@code n} messages of {@code floats} floats, at most {@code window} unacknowledged. */
    private static double tcpCase(DataOutputStream out, DataInputStream in, int floats, long n, int window) throws IOException {
        float[] x = filled(floats / 2);
        float[] g = filled(floats - floats / 2);
        ByteBuffer buf = ByteBuffer.allocate(floats * 4).order(ByteOrder.LITTLE_ENDIAN);
        long sent = 0;
        long acked = 0;
        long t0 = System.nanoTime();
        while (acked < n) {
            if (sent < n && sent - acked < window) {
                buf.clear();
                buf.asFloatBuffer().put(x).put(g); // the serializer's one pass over the floats
                out.writeInt(floats * 4);
                out.write(buf.array(), 0, floats * 4);
                sent++;
                if (sent - acked == window || sent == n) {
                    out.flush();
                }
            } else {
                out.flush();
                in.readLong();
                acked++;
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i % 1000) * 1e-3f;
        }
        return a;
    }

    // ---------------------------------------------------------------- peer process

    /** Peer: {@code artery <port> <seedPort>} or {@code tcp <port> 0}. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        if (args[0].equals("tcp")) {
            tcpPeer(port);
            return;
        }
        int seed = Integer.parseInt(args[2]);
        Config config = PekkoConfig.cluster(RUN, 2, "127.0.0.1", port, List.of("127.0.0.1:" + seed));
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
            long[] pending = {0}; // acks owed before the receptionist told us where the driver is
            ParamsMessage ack = new ParamsMessage(RUN, 1, 1, 0, new float[0], new float[0]);
            return Behaviors.receive(AgentMsg.class)
                    .onMessage(Listing.class, l -> {
                        var refs = l.listing().getServiceInstances(DRIVER);
                        if (!refs.isEmpty()) {
                            ActorRef<AgentMsg> d = refs.iterator().next();
                            driver[0] = d;
                            for (; pending[0] > 0; pending[0]--) {
                                d.tell(ack);
                            }
                        }
                        return Behaviors.same();
                    })
                    .onMessage(ParamsMessage.class, m -> {
                        @SuppressWarnings("unchecked")
                        ActorRef<AgentMsg> d = (ActorRef<AgentMsg>) driver[0];
                        if (d != null) {
                            d.tell(ack);
                        } else {
                            pending[0]++;
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
                int len = in.readInt();
                if (len < 0) {
                    return;
                }
                if (bytes.length < len) {
                    bytes = new byte[len];
                    floats = new float[len / 4];
                }
                in.readFully(bytes, 0, len);
                ByteBuffer.wrap(bytes, 0, len).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats, 0, len / 4);
                out.writeLong(len);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        }
    }
}
