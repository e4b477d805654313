package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import pcasgd.runtime.WireEncoding;

/**
 * The data plane on loopback, two planes in this JVM: copies arrive whole, in order, at the agent they
 * name; a stream of another run or of no pcasgd process is refused while the plane goes on serving; a
 * receiver that is not there sends every copy back to Artery at once, never into a hang.
 */
class DataPlaneTest {
    private static final String RUN = "data-plane-test";
    private final List<DataPlane> planes = new ArrayList<>();

    @AfterEach
    void close() {
        planes.forEach(DataPlane::close);
    }

    private DataPlane open() throws IOException {
        DataPlane p = DataPlane.open("127.0.0.1", RUN, 4, WireEncoding.FP32);
        planes.add(p);
        return p;
    }

    private static InetSocketAddress at(DataPlane p) {
        return new InetSocketAddress("127.0.0.1", p.port());
    }

    private static ParamsMessage copy(int sender, long step, int dim) {
        float[] x = new float[dim];
        for (int i = 0; i < dim; i++) {
            x[i] = sender * 1000f + step + i / (float) dim;
        }
        return ParamsMessage.withoutGradient(RUN, sender, 42L, step, x).stamped(step - 1, 1234, 5678, 1.5f);
    }

    @Test
    @Timeout(60)
    void copiesArriveWholeInOrderAtTheAgentTheyName() throws Exception {
        DataPlane sender = open();
        DataPlane receiver = open();
        BlockingQueue<ParamsMessage> agent1 = new LinkedBlockingQueue<>();
        BlockingQueue<ParamsMessage> agent3 = new LinkedBlockingQueue<>();
        receiver.register(1, agent1::add);
        receiver.register(3, agent3::add);
        AtomicInteger viaArtery = new AtomicInteger();
        int dim = 61_706;   // LeNet's parameters: a 247 kB copy
        for (int s = 1; s <= 200; s++) {
            sender.send(at(receiver), s % 2 == 0 ? 1 : 3, copy(0, s, dim), viaArtery::incrementAndGet);
        }
        for (int s = 1; s <= 200; s++) {
            BlockingQueue<ParamsMessage> q = s % 2 == 0 ? agent1 : agent3;
            ParamsMessage m = q.poll(30, TimeUnit.SECONDS);
            assertNotNull(m, "copy of step " + s + " did not arrive");
            ParamsMessage sent = copy(0, s, dim);
            assertEquals(s, m.step());
            assertEquals(0, m.sender());
            assertEquals(42L, m.incarnation());
            assertEquals(s - 1, m.ackStep());
            assertEquals(1234, m.holdNanos());
            assertEquals(5678, m.stepNanos());
            assertEquals(1.5f, m.transitSteps());
            assertArrayEquals(sent.params(), m.params());
            assertNull(m.grad());
        }
        assertEquals(0, viaArtery.get(), "no copy took Artery");
        assertEquals(200, receiver.framesReceived());
    }

    @Test
    @Timeout(60)
    void aForeignStreamIsRefusedAndThePlaneGoesOnServing() throws Exception {
        DataPlane receiver = open();
        // no pcasgd process: the first bytes are not the magic; the plane closes the connection
        try (Socket s = new Socket("127.0.0.1", receiver.port())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(20_000);
            assertEquals(-1, s.getInputStream().read(), "the plane closes a connection that is not a pcasgd stream");
        }
        // another run's stream: refused the same way
        try (Socket s = new Socket("127.0.0.1", receiver.port())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] id = "another-run".getBytes(StandardCharsets.UTF_8);
            out.writeInt(DataPlane.MAGIC);
            out.writeByte(DataPlane.VERSION);
            out.writeShort(id.length);
            out.write(id);
            out.flush();
            s.setSoTimeout(20_000);
            assertEquals(-1, s.getInputStream().read(), "the plane closes another run's stream");
        }
        // and a copy of this run still arrives
        BlockingQueue<ParamsMessage> agent2 = new LinkedBlockingQueue<>();
        receiver.register(2, agent2::add);
        DataPlane sender = open();
        sender.send(at(receiver), 2, copy(1, 7, 10), () -> { });
        ParamsMessage m = agent2.poll(30, TimeUnit.SECONDS);
        assertNotNull(m);
        assertEquals(7, m.step());
    }

    @Test
    @Timeout(60)
    void aCopyFromAnAgentOutsideTheRunClosesTheConnection() throws Exception {
        DataPlane receiver = open();
        BlockingQueue<ParamsMessage> agent0 = new LinkedBlockingQueue<>();
        receiver.register(0, agent0::add);
        try (Socket s = new Socket("127.0.0.1", receiver.port())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] id = RUN.getBytes(StandardCharsets.UTF_8);
            out.writeInt(DataPlane.MAGIC);
            out.writeByte(DataPlane.VERSION);
            out.writeShort(id.length);
            out.write(id);
            byte[] body = WireFormat.toBytes(copy(9, 1, 10));   // agent 9 of a run of 4
            out.writeInt(body.length);
            out.writeInt(0);
            out.write(body);
            out.flush();
            s.setSoTimeout(20_000);
            assertEquals(-1, new DataInputStream(s.getInputStream()).read());
        }
        assertNull(agent0.poll(200, TimeUnit.MILLISECONDS), "the rejected copy never reaches the agent");
    }

    @Test
    @Timeout(60)
    void withNoReceiverEveryCopyTakesArteryAndNothingHangs() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DataPlane sender = open();
        InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", closedPort);
        CountDownLatch first = new CountDownLatch(1);
        sender.send(nowhere, 1, copy(0, 1, 10), first::countDown);
        assertTrue(first.await(30, TimeUnit.SECONDS), "the copy the connection failed with went over Artery");
        // within the retry pause the next copies go over Artery at once, on the caller's thread
        AtomicInteger viaArtery = new AtomicInteger();
        for (int s = 2; s <= 11; s++) {
            sender.send(nowhere, 1, copy(0, s, 10), viaArtery::incrementAndGet);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (viaArtery.get() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(10, viaArtery.get(), "every copy reached Artery");
    }

    @Test
    @Timeout(60)
    void afterCloseCopiesTakeArtery() throws Exception {
        DataPlane receiver = open();
        DataPlane sender = open();
        sender.close();
        AtomicInteger viaArtery = new AtomicInteger();
        sender.send(at(receiver), 1, copy(0, 1, 10), viaArtery::incrementAndGet);
        assertEquals(1, viaArtery.get(), "a closed plane hands the copy back at once");
    }

    @Test
    void theRoleAnnouncesThePort() throws IOException {
        DataPlane p = open();
        assertEquals("pcasgd-data-" + p.port(), p.role());
        assertEquals(OptionalInt.of(p.port()), DataPlane.port(Set.of("coordinator", p.role())));
        assertEquals(OptionalInt.empty(), DataPlane.port(Set.of("coordinator")));
        assertEquals(OptionalInt.empty(), DataPlane.port(Set.of("pcasgd-data-x")));
    }

    @Test
    void theSettingIsOnByDefaultAndReadsOnOrOff() {
        com.typesafe.config.Config c = PekkoConfig.cluster(RUN, 4, "127.0.0.1", 0, List.of());
        assertTrue(PekkoConfig.dataPlane(c), "on in pcasgd-cluster.conf");
        assertEquals(false, PekkoConfig.dataPlane(c.withValue(DataPlane.CONFIG_PATH,
                com.typesafe.config.ConfigValueFactory.fromAnyRef("off"))));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PekkoConfig.dataPlane(c.withValue(DataPlane.CONFIG_PATH, com.typesafe.config.ConfigValueFactory.fromAnyRef("maybe"))));
        assertEquals("pcasgd.data-plane must be on or off, got 'maybe'", e.getMessage());
        // the role of a coordinator and the data plane's both stay
        com.typesafe.config.Config both = PekkoConfig.withRole(PekkoConfig.withCoordinatorRole(c), "pcasgd-data-1234");
        assertEquals(List.of("coordinator", "pcasgd-data-1234"), both.getStringList("pekko.cluster.roles"));
    }
}
