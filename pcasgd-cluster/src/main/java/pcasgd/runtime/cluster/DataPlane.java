package pcasgd.runtime.cluster;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pcasgd.runtime.WireEncoding;

/**
 * Parameter copies between processes over TCP connections of their own, beside Artery. Artery spends
 * 2.5–3.6 times a plain socket's CPU per byte (serializing into its pooled buffer, copying that into a
 * heap ByteString, then into pekko-io's buffer; framing and copying again on the way in: docs/benchmarks.md,
 * "Artery vs a plain socket"), which was a quarter of the agent processes' CPU on a shared host. Only the
 * copies move here; acknowledgements, start, stop, epoch reports and membership stay on Artery, so the
 * pacing and the control lane are unchanged.
 *
 * <p>Each process listens on one port of its Artery host and announces it to the cluster as the role
 * {@code pcasgd-data-<port>}; a sender finds a receiver's port among the roles of the member whose address
 * its inlet has. Per receiving process there is one outgoing connection with a writer thread and a bounded
 * queue, so an agent never blocks on a socket; per incoming connection one reader thread hands each copy to
 * the addressed agent. A copy that cannot go this way (no port announced, the connection down, the queue
 * full) goes over Artery instead, with a log line: nothing is lost by the data plane that Artery would have
 * carried. It is plain TCP, so it is off under TLS (every copy then takes Artery's TLS connection), and off
 * with {@code pcasgd.data-plane = off}.
 *
 * <pre>
 *   stream:  int magic 'PCDP' | byte version | short runIdLength | runId UTF-8      (once, from the sender)
 *   frame:   int length | int receiver | length bytes of a ParamsMessage in WireFormat
 * </pre>
 * (the two leading ints in network order; WireFormat is little-endian).
 */
final class DataPlane implements AutoCloseable {
    /** On or off (default on, pcasgd-cluster.conf); TLS turns it off whatever this says. */
    static final String CONFIG_PATH = "pcasgd.data-plane";
    static final String ROLE_PREFIX = "pcasgd-data-";
    static final int MAGIC = 0x50434450;
    static final byte VERSION = 1;
    /**
     * Copies waiting for one connection's writer. Each link holds at most linkInFlight copies unacknowledged,
     * so only a synchronous method's every-step copies could come near it.
     */
    static final int QUEUE_CAPACITY = 256;
    private static final int PREFACE_TIMEOUT_MS = 10_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** After a connection failed, copies to that process take Artery for this long before the data plane tries again. */
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_FRAME = Integer.MAX_VALUE - 16;
    private static final Logger LOG = LoggerFactory.getLogger(DataPlane.class);

    private final String runId;
    private final int agents;
    private final WireEncoding encoding;
    private final ServerSocket server;
    private final Map<Integer, Consumer<ParamsMessage>> local = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Outbound> outbound = new ConcurrentHashMap<>();
    private final Set<Socket> inbound = ConcurrentHashMap.newKeySet();
    /** Agents this process hosts or hosted: a copy for one that has stopped is dropped quietly, as Artery's dead letters are. */
    private final Set<Integer> hosted = ConcurrentHashMap.newKeySet();
    private final Set<Integer> unknownReported = ConcurrentHashMap.newKeySet();
    private volatile Cluster cluster;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.LongAdder framesReceived = new java.util.concurrent.atomic.LongAdder();

    private DataPlane(String runId, int agents, WireEncoding encoding, ServerSocket server) {
        this.runId = runId;
        this.agents = agents;
        this.encoding = encoding;
        this.server = server;
    }

    /** Listens on {@code host}, any free port, for copies of run {@code runId}; copies leave in {@code encoding}. */
    static DataPlane open(String host, String runId, int agents, WireEncoding encoding) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 64);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen for parameter copies on " + host + ": " + e.getMessage(), e);
        }
        DataPlane plane = new DataPlane(runId, agents, encoding, server);
        Thread acceptor = new Thread(plane::acceptLoop, "pcasgd-data-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return plane;
    }

    int port() {
        return server.getLocalPort();
    }

    /** The cluster role that announces this process's port. */
    String role() {
        return ROLE_PREFIX + port();
    }

    /** The data-plane port among a member's roles, if it announces one. */
    static OptionalInt port(Set<String> roles) {
        for (String r : roles) {
            if (r.startsWith(ROLE_PREFIX)) {
                try {
                    return OptionalInt.of(Integer.parseInt(r.substring(ROLE_PREFIX.length())));
                } catch (NumberFormatException e) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.empty();
    }

    /** The cluster whose members' roles tell where to send; set once the actor system is up. */
    void attach(ActorSystem<?> system) {
        this.cluster = Cluster.get(system);
    }

    /** Copies for agent {@code id} arriving here go to {@code sink} (the agent actor's mailbox). */
    void register(int id, Consumer<ParamsMessage> sink) {
        local.put(id, sink);
        hosted.add(id);
    }

    void unregister(int id, Consumer<ParamsMessage> sink) {
        local.remove(id, sink);
    }

    /** Frames taken in and handed to a local agent since the start. */
    long framesReceived() {
        return framesReceived.sum();
    }

    /**
     * Where the data plane of the process behind {@code ref} listens, or null when copies to it must take
     * Artery: a reference in this JVM, a member that announces no port (data plane off there, or TLS), or
     * not attached to a cluster.
     */
    InetSocketAddress endpoint(ActorRef<?> ref) {
        Address address = ref.path().address();
        Cluster c = cluster;
        if (c == null || address.host().isEmpty() || closed) {
            return null;
        }
        // a restarted process may sit beside its previous life, at the same address, until that is removed
        for (Member m : c.state().getMembers()) {
            MemberStatus st = m.status();
            if (m.address().equals(address) && (st == MemberStatus.up() || st == MemberStatus.weaklyUp())) {
                OptionalInt port = port(m.getRoles());
                return port.isPresent() ? new InetSocketAddress(address.host().get(), port.getAsInt()) : null;
            }
        }
        return null;
    }

    /**
     * Hands copy {@code m} for agent {@code receiver} to the connection to {@code endpoint}; never blocks.
     * When the data plane cannot take it, {@code artery} sends it the usual way (now, or from the writer
     * thread if the connection fails with it queued).
     */
    void send(InetSocketAddress endpoint, int receiver, ParamsMessage m, Runnable artery) {
        if (closed) {
            artery.run();
            return;
        }
        Outbound o = outbound.computeIfAbsent(endpoint, Outbound::new);
        if (System.nanoTime() < o.downUntil) {
            artery.run();
            return;
        }
        if (!o.queue.offer(new Pending(receiver, m, artery))) {
            if (!o.fullReported) {
                o.fullReported = true;
                LOG.warn("data plane: {} copies wait for the connection to {}; further copies go over Artery until it drains",
                        QUEUE_CAPACITY, endpoint);
            }
            artery.run();
        } else {
            o.fullReported = false;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(server);
        for (Socket s : inbound) {
            closeQuietly(s);
        }
        for (Outbound o : outbound.values()) {
            o.stop();
        }
    }

    private record Pending(int receiver, ParamsMessage message, Runnable artery) { }

    /** One connection to a receiving process: its queue, its writer thread, and whether it is down. */
    private final class Outbound {
        final InetSocketAddress endpoint;
        final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final Thread writer;
        volatile long downUntil = Long.MIN_VALUE;
        volatile boolean fullReported;
        private volatile Socket socket;

        Outbound(InetSocketAddress endpoint) {
            this.endpoint = endpoint;
            this.writer = new Thread(this::writeLoop, "pcasgd-data-out-" + endpoint.getHostString() + ":" + endpoint.getPort());
            writer.setDaemon(true);
            writer.start();
        }

        void stop() {
            writer.interrupt();
            Socket s = socket;
            if (s != null) {
                closeQuietly(s);
            }
        }

        private void writeLoop() {
            OutputStream out = null;
            ByteBuffer buf = ByteBuffer.allocate(0);
            boolean failed = false;
            boolean connected = false;
            while (!closed) {
                Pending p;
                try {
                    p = queue.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    break;
                }
                if (p == null) {
                    continue;
                }
                try {
                    if (out == null) {
                        out = connect();
                        if (failed) {
                            LOG.info("data plane: connected to {} again", endpoint);
                        }
                        failed = false;
                        connected = true;
                    }
                    int size = WireFormat.size(p.message(), encoding);
                    if (buf.capacity() < size + 8) {
                        buf = ByteBuffer.allocate(size + 8);
                    }
                    buf.clear();
                    buf.order(ByteOrder.BIG_ENDIAN).putInt(size).putInt(p.receiver());
                    WireFormat.write(p.message(), buf, encoding);
                    out.write(buf.array(), 0, buf.position());
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    if (closed) {
                        break;
                    }
                    out = null;
                    Socket s = socket;
                    if (s != null) {
                        closeQuietly(s);
                    }
                    downUntil = System.nanoTime() + RETRY_NANOS;
                    long retry = TimeUnit.NANOSECONDS.toSeconds(RETRY_NANOS);
                    if (!connected && !failed) {
                        // never reached: a firewall or a wrong address, which Artery's own connection does not have
                        LOG.warn("data plane: cannot connect to {} ({}); copies to it take Artery, and the data plane is tried"
                                + " again every {} s", endpoint, e.toString(), retry);
                    } else if (!failed) {
                        // a process that ended or died: the cluster reports it; the copies meanwhile take Artery
                        LOG.info("data plane: the connection to {} ended ({}); copies to it take Artery, retried every {} s",
                                endpoint, e.toString(), retry);
                    } else {
                        LOG.debug("data plane: still cannot reach {}: {}", endpoint, e.toString());
                    }
                    failed = true;
                    p.artery().run();
                    for (Pending q; (q = queue.poll()) != null; ) {
                        q.artery().run();
                    }
                }
            }
            Socket s = socket;
            if (s != null) {
                closeQuietly(s);
            }
            // copies still queued at the end go the usual way, as everything after the close does
            for (Pending q; (q = queue.poll()) != null; ) {
                q.artery().run();
            }
        }

        private OutputStream connect() throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(endpoint, CONNECT_TIMEOUT_MS);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                byte[] id = runId.getBytes(StandardCharsets.UTF_8);
                out.writeInt(MAGIC);
                out.writeByte(VERSION);
                out.writeShort(id.length);
                out.write(id);
                out.flush();
                socket = s;
                return out;
            } catch (IOException e) {
                closeQuietly(s);
                throw e;
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("data plane: accepting a connection failed: {}", e.toString());
                }
                continue;
            }
            inbound.add(s);
            Thread reader = new Thread(() -> readLoop(s), "pcasgd-data-in-" + s.getRemoteSocketAddress());
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void readLoop(Socket s) {
        Object from = s.getRemoteSocketAddress();
        try (s) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(PREFACE_TIMEOUT_MS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            String refused = readPreface(in);
            if (refused != null) {
                LOG.warn("data plane: refused a connection from {}: {}", from, refused);
                return;
            }
            s.setSoTimeout(0);
            byte[] frame = new byte[0];
            while (!closed) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException e) {
                    return;
                }
                int receiver = in.readInt();
                if (length < 0 || length > MAX_FRAME) {
                    LOG.warn("data plane: closed the connection from {}: a frame of {} bytes", from, length);
                    return;
                }
                if (frame.length < length) {
                    frame = new byte[length];
                }
                in.readFully(frame, 0, length);
                String rejected = deliver(receiver, ByteBuffer.wrap(frame, 0, length));
                if (rejected != null) {
                    LOG.warn("data plane: closed the connection from {}: {}", from, rejected);
                    return;
                }
            }
        } catch (SocketException | EOFException e) {
            if (!closed) {
                LOG.debug("data plane: the connection from {} ended: {}", from, e.toString());
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("data plane: reading from {} failed: {}", from, e.toString());
            }
        } finally {
            inbound.remove(s);
        }
    }

    /** Why the stream's preface is refused, or null when it is this run's. */
    private String readPreface(DataInputStream in) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            return "it closed before saying what it is";
        } catch (java.net.SocketTimeoutException e) {
            return "it said nothing within " + PREFACE_TIMEOUT_MS / 1000 + " s";
        }
        if (magic != MAGIC) {
            return String.format("not a pcasgd data-plane stream (it began 0x%08x)", magic);
        }
        byte version = in.readByte();
        if (version != VERSION) {
            return "data-plane version " + version + ", this process speaks " + VERSION;
        }
        int length = in.readUnsignedShort();
        if (length > 256) {
            return "a run id of " + length + " bytes";
        }
        byte[] id = new byte[length];
        in.readFully(id);
        String theirs = new String(id, StandardCharsets.UTF_8);
        return runId.equals(theirs) ? null : "it belongs to run '" + theirs + "', this process to run '" + runId + "'";
    }

    /** Decodes one frame and hands it to its agent; returns why the connection must close, or null. */
    private String deliver(int receiver, ByteBuffer frame) {
        ParamsMessage m;
        try {
            WireFormat.Header h = WireFormat.readHeader(frame);
            String reason = MessageGate.rejectReason(runId, agents, h.runId(), h.sender());
            if (reason != null) {
                return reason;
            }
            if (h.kind() != WireFormat.PARAMS) {
                return "a message of kind '" + (char) h.kind() + "', where only parameter copies travel";
            }
            m = (ParamsMessage) WireFormat.readBody(h, frame);
        } catch (WireFormat.RejectedMessageException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "an unreadable parameter copy (" + e + ")";
        }
        Consumer<ParamsMessage> sink = local.get(receiver);
        if (sink == null) {
            if (hosted.contains(receiver)) {
                LOG.debug("data plane: a copy from agent {} for agent {}, which has stopped, is dropped", m.sender(), receiver);
            } else if (unknownReported.add(receiver)) {
                LOG.warn("data plane: a copy from agent {} for agent {}, which this process does not host, is dropped;"
                        + " its sender counts it lost after the acknowledgement timeout", m.sender(), receiver);
            }
            return null;
        }
        framesReceived.increment();
        sink.accept(m);
        return null;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }
}
