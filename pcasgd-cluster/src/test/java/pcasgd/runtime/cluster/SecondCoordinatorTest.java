package pcasgd.runtime.cluster;

import pcasgd.api.ClusterSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pcasgd.algorithm.Method;
import pcasgd.metrics.EpochMetrics;
import pcasgd.runtime.SimulationSpec;

/**
 * Of two coordinators in one cluster only the one on the lower address admits processes, and the
 * other knows it from the membership alone, before any registration of the first has reached it: a
 * joiner that finds the second coordinator first is not admitted by it (it would admit an agent
 * another process hosts). Two actor systems in this JVM; the second coordinator's system joins the
 * first's and is asked at once. That it did not answer is read from the order of its replies, not
 * from a silence of some length: it is asked for its status right after the join request, by the
 * same probe, so a reply to the join would reach the probe before the status does.
 */
class SecondCoordinatorTest {
    static final String RUN = "two-coord";

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
        Config c = PekkoConfig.withCoordinatorRole(
                PekkoConfig.cluster(RUN, 4, "127.0.0.1", port, List.of("127.0.0.1:" + seed)));
        return ActorTestKit.create(PekkoConfig.systemName(RUN), c);
    }

    private static ActorRef<CoordinatorMsg> coordinator(ActorTestKit kit, SimulationSpec spec) {
        return kit.spawn(CoordinatorActor.create(RUN, spec, ClusterSettings.builder(RUN).build(), List.of(),
                new CompletableFuture<List<EpochMetrics>>(), null, CoordinatorAdmissionTest.SETTINGS, 1));
    }

    @Test
    void onlyTheCoordinatorOnTheLowerAddressAnswers() throws Exception {
        int a = FreePort.next();
        int b = FreePort.next();
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        SimulationSpec spec = LeastSquaresProblem.spec(Method.PC_ASGD, 4, 2, 10);
        first = node(low, low);
        second = node(high, low);
        ActorRef<CoordinatorMsg> firstCoordinator = coordinator(first, spec);
        ActorRef<CoordinatorMsg> secondCoordinator = coordinator(second, spec);
        TestProbe<Object> joiner = second.createTestProbe(Object.class);
        ActorRef<NodeMsg> asNode = joiner.getRef().narrow();
        ActorRef<CoordinatorStatus> asStatusAsker = joiner.getRef().narrow();
        joiner.awaitAssert(Duration.ofSeconds(60), () -> {
            assertEquals(MemberStatus.up(), Cluster.get(second.system()).selfMember().status());
            return null;
        });

        // one sender, one receiver: the coordinator handles the two requests in this order and its replies reach
        // the probe in the order it sent them, so had it answered the join, that answer would come first
        secondCoordinator.tell(new JoinRequest(RUN, CoordinatorAdmissionTest.SETTINGS, List.of(1), asNode));
        secondCoordinator.tell(new StatusRequest(RUN, asStatusAsker));
        Object reply = joiner.receiveMessage(Duration.ofSeconds(30));
        CoordinatorStatus status = assertInstanceOf(CoordinatorStatus.class, reply,
                "the coordinator on the higher address answered the join: " + reply);
        assertTrue(status.text().contains("has not started"), status.text());

        firstCoordinator.tell(new JoinRequest(RUN, CoordinatorAdmissionTest.SETTINGS, List.of(1), asNode));
        Admission answer = assertInstanceOf(Admission.class, joiner.receiveMessage(Duration.ofSeconds(30)));
        assertTrue(answer.admitted(), answer.reason());
    }
}
