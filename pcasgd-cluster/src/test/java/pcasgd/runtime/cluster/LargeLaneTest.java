package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Parameter vectors bigger than an ordinary Artery frame (256 KiB) reach an agent's parameter inlet
 * and, in epoch reports, the coordinator: both paths are large-message destinations
 * (pcasgd-cluster.conf). Without that, Artery discards them as oversized and a run whose model is
 * larger than LeNet would wait for its first report forever. Two actor systems in this JVM.
 */
class LargeLaneTest {
    static final String RUN = "large-lane";
    static final int FLOATS = 1 << 20;   // 4 MiB of parameters

    private ActorTestKit first;
    private ActorTestKit second;

    @AfterEach
    void stop() {
        if (second != null) {
            second.shutdownTestKit();
        }
        if (first != null) {
            first.shutdownTestKit();
        }
    }

    private static ActorTestKit node(int port, int seed) {
        Config c = PekkoConfig.cluster(RUN, 4, "127.0.0.1", port, List.of("127.0.0.1:" + seed));
        return ActorTestKit.create(PekkoConfig.systemName(RUN), c);
    }

    private static Behavior<Object> forwardTo(ActorRef<Object> probe) {
        return Behaviors.receive(Object.class).onAnyMessage(m -> {
            probe.tell(m);
            return Behaviors.same();
        }).build();
    }

    @Test
    @Timeout(120)
    void largeParametersReachTheInletAndTheCoordinator() throws Exception {
        int a = FreePort.next();
        int b = FreePort.next();
        first = node(a, a);
        second = node(b, a);
        TestProbe<Object> got = first.createTestProbe(Object.class);
        ActorRef<Object> coordinator = first.spawn(forwardTo(got.getRef()), "coordinator");
        java.util.concurrent.CompletableFuture<ActorRef<Object>> inlet = new java.util.concurrent.CompletableFuture<>();
        first.spawn(Behaviors.setup(ctx -> {
            inlet.complete(ctx.spawn(forwardTo(got.getRef()), Keys.PARAMS_INLET));
            return Behaviors.empty();
        }), "agent-1");
        got.awaitAssert(Duration.ofSeconds(60), () -> {
            assertEquals(MemberStatus.up(), Cluster.get(second.system()).selfMember().status());
            return null;
        });
        ActorRefResolver there = ActorRefResolver.get(second.system());
        String here = ActorRefResolver.get(first.system()).toSerializationFormat(coordinator);
        ActorRef<Object> remoteCoordinator = there.resolveActorRef(here);
        ActorRef<Object> remoteInlet = there.resolveActorRef(
                ActorRefResolver.get(first.system()).toSerializationFormat(inlet.get(30, java.util.concurrent.TimeUnit.SECONDS)));

        float[] x = new float[FLOATS];
        x[FLOATS - 1] = 7f;
        remoteInlet.tell(ParamsMessage.withoutGradient(RUN, 2, 1, 5, x));
        remoteCoordinator.tell(new EpochReport(RUN, 2, 1, 5, new double[] {1, 2}, x));
        ParamsMessage copy = got.expectMessageClass(ParamsMessage.class, Duration.ofSeconds(60));
        assertEquals(FLOATS, copy.params().length);
        assertEquals(7f, copy.params()[FLOATS - 1]);
        EpochReport report = got.expectMessageClass(EpochReport.class, Duration.ofSeconds(60));
        assertEquals(FLOATS, report.params().length);
    }
}
