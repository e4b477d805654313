package pcasgd.runtime.cluster;

import pcasgd.api.TlsSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.event.Logging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS is the cluster's admission control. Two plain Pekko actor systems built by
 * {@link PekkoConfig} with the run's certificate form a cluster and deliver a message. A third one
 * with the same system name (run id) and the same seed, which even trusts the run's certificate
 * but presents a different self-signed one of its own, can neither join nor deliver: the members
 * refuse its certificate. That is read from an event, not from a silence of some length: the
 * intruder's own transport reports that the member answered its TLS handshake on the message stream
 * with the alert bad_certificate (a warning on the intruder's event stream); every connection it
 * tries presents the same certificate, so none that could carry its messages opens. A fourth, non-member system with the run's certificate
 * sends side by side with the intruder and is delivered: what keeps the intruder out is its
 * certificate, not that it is no member.
 */
class TlsClusterTest {
    private static final String RUN = "tls-test";
    @TempDir static Path dir;
    private static Path pass;
    private static Path runStores;
    private static Path otherStores;

    private final List<ActorSystem<?>> systems = new ArrayList<>();

    @BeforeAll
    static void stores() throws Exception {
        pass = Files.writeString(dir.resolve("tls.pass"), "run-secret-7d1f\n");
        runStores = Files.createDirectories(dir.resolve("run"));
        otherStores = Files.createDirectories(dir.resolve("other"));
        // the two identities are independent: make them side by side (each keytool call is a JVM)
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> selfSigned(otherStores, "pcasgd intruder"));
        selfSigned(runStores, "pcasgd run " + RUN);
        other.get(120, TimeUnit.SECONDS);
    }

    /** docs/security.md's self-signed run certificate recipe, verbatim in spirit: key store, cert, trust store. */
    static void selfSigned(Path out, String cn) {
        String storePass = "-storepass:file";
        keytool("-genkeypair", "-alias", "run", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + cn, "-validity", "30", "-storetype", "PKCS12",
                "-keystore", out.resolve("keystore.p12").toString(), storePass, pass.toString());
        keytool("-exportcert", "-rfc", "-alias", "run", "-keystore", out.resolve("keystore.p12").toString(),
                storePass, pass.toString(), "-file", out.resolve("run.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "run", "-file", out.resolve("run.crt").toString(),
                "-storetype", "PKCS12", "-keystore", out.resolve("truststore.p12").toString(), storePass, pass.toString());
    }

    private static void keytool(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + out);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot run keytool: " + e, e);
        }
    }

    private <T> ActorSystem<T> start(Behavior<T> guardian, TlsSettings tls, List<String> seeds) {
        Config config = PekkoConfig.cluster(RUN, 4, "127.0.0.1", 0, seeds, tls);
        ActorSystem<T> s = ActorSystem.create(guardian, PekkoConfig.systemName(RUN), config);
        systems.add(s);
        return s;
    }

    private static TlsSettings runTls() {
        return TlsSettings.passwordFile(runStores.resolve("keystore.p12"), runStores.resolve("truststore.p12"), pass);
    }

    private static long upMembers(ActorSystem<?> s) {
        return StreamSupport.stream(Cluster.get(s).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up()).count();
    }

    private static void await(String what, Duration bound, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + bound.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    @Timeout(300)
    void onlyTheRunsCertificateJoinsAndDelivers() throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        Behavior<String> collect = Behaviors.receiveMessage(m -> {
            inbox.add(m);
            return Behaviors.same();
        });
        ActorSystem<String> a = start(collect, runTls(), List.of());
        assertEquals("tls-tcp", a.settings().config().getString("pekko.remote.artery.transport"));
        Cluster.get(a).manager().tell(Join.create(Cluster.get(a).selfMember().address()));
        String seed = "127.0.0.1:" + Cluster.get(a).selfMember().address().getPort().get();
        String inboxPath = Cluster.get(a).selfMember().address() + "/user";

        ActorSystem<Void> b = start(Behaviors.empty(), runTls(), List.of(seed));
        await("A and B see each other Up", Duration.ofSeconds(30), () -> upMembers(a) == 2 && upMembers(b) == 2);
        ActorRef<String> fromB = ActorRefResolver.get(b).resolveActorRef(inboxPath);
        fromB.tell("hello from B");
        assertEquals("hello from B", inbox.poll(20, TimeUnit.SECONDS), "a member with the run's certificate delivers");

        // the intruder: same system name and seed, trusts the run's certificate, but its own key
        // and certificate are not the run's; the control: not a member, but the run's certificate.
        // The intruder's transport (Artery's Association) reports each failed outbound stream as a
        // warning on its event stream, which its guardian watches
        BlockingQueue<String> intruderLog = new LinkedBlockingQueue<>();
        Behavior<Logging.LogEvent> watchLog = Behaviors.setup(ctx -> {
            ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(Logging.LogEvent.class, ctx.getSelf()));
            return Behaviors.receiveMessage(e -> {
                intruderLog.add(String.valueOf(e.message()));
                return Behaviors.same();
            });
        });
        TlsSettings intruderTls = TlsSettings.passwordFile(
                otherStores.resolve("keystore.p12"), runStores.resolve("truststore.p12"), pass);
        Config intruderConfig = PekkoConfig.cluster(RUN, 4, "127.0.0.1", 0, List.of(seed), intruderTls);
        ActorSystem<Logging.LogEvent> c = ActorSystem.create(watchLog, PekkoConfig.systemName(RUN), intruderConfig);
        systems.add(c);
        ActorSystem<Void> d = start(Behaviors.empty(), runTls(), List.of());
        ActorRef<String> fromC = ActorRefResolver.get(c).resolveActorRef(inboxPath);
        ActorRef<String> fromD = ActorRefResolver.get(d).resolveActorRef(inboxPath);

        // both send side by side until the control's message is in and the intruder has been told, on the
        // stream its messages take, that A refuses its certificate (its transport retries: a refusal repeats)
        String refusedOn = "Outbound message stream to [" + Cluster.get(a).selfMember().address() + "] failed";
        List<String> received = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        int round = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (received.stream().noneMatch(m -> m.startsWith("control")) || refusals.isEmpty()) {
            assertTrue(System.nanoTime() < end, "within 60 s, the control's message arrived: " + received
                    + "; the intruder's handshake was refused: " + refusals);
            fromC.tell("intruder " + round);
            fromD.tell("control " + round);
            round++;
            String m = inbox.poll(200, TimeUnit.MILLISECONDS);
            if (m != null) {
                received.add(m);
                inbox.drainTo(received);
            }
            List<String> lines = new ArrayList<>();
            intruderLog.drainTo(lines);
            lines.stream().filter(l -> l.contains(refusedOn) && l.contains("SSLHandshakeException")
                    && l.contains("bad_certificate")).forEach(refusals::add);
        }
        inbox.drainTo(received);
        assertTrue(received.stream().noneMatch(m -> m.startsWith("intruder")),
                "a system without the run's certificate delivered: " + received);
        assertEquals(2, upMembers(a), "Up members seen by A");
        List<Member> members = StreamSupport.stream(Cluster.get(a).state().getMembers().spliterator(), false).toList();
        assertEquals(2, members.size(), "A's members (any status): " + members);
        assertTrue(members.stream().noneMatch(m -> m.address().equals(Cluster.get(c).selfMember().address())),
                "the intruder is in A's member set: " + members);
        Member cSelf = Cluster.get(c).selfMember();
        assertTrue(cSelf.status() != MemberStatus.up(), "the intruder thinks it is Up: " + cSelf);
    }

    @AfterEach
    void stop() throws Exception {
        systems.forEach(ActorSystem::terminate);
        for (ActorSystem<?> s : systems) {
            s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        systems.clear();
    }
}
