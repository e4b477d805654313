package pcasgd.runtime.cluster;

import pcasgd.api.ClusterSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pcasgd.algorithm.Method;
import pcasgd.metrics.EpochMetrics;
import pcasgd.runtime.SimulationSpec;

/**
 * The coordinator's side of admission and of "what is the run waiting for", in one JVM with test
 * probes standing in for processes and agents: the answers are decided by the messages alone.
 * (A second process's address, for the "hosted elsewhere" rule, needs real processes: AdmissionTest.)
 */
class CoordinatorAdmissionTest {
    static final String RUN = "adm-unit";
    static final Map<String, String> SETTINGS = Map.of("agents", "4", "method", "pc-asgd", "parameters", "10");

    private final ActorTestKit kit = ActorTestKit.create(PekkoConfig.local(RUN, 4));
    private final CompletableFuture<List<EpochMetrics>> result = new CompletableFuture<>();
    private final SimulationSpec spec = LeastSquaresProblem.spec(Method.PC_ASGD, 4, 2, 10);
    private final ActorRef<CoordinatorMsg> coordinator = kit.spawn(CoordinatorActor.create(RUN, spec,
            ClusterSettings.builder(RUN).build(), List.of(), result, null, SETTINGS, 1, RunLedger::new));

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    /**
     * A cluster coordinator first collects the processes' copies of the run's ledger (here: none) and
     * answers no join meanwhile; its status says when it has.
     */
    @org.junit.jupiter.api.BeforeEach
    void ready() {
        TestProbe<CoordinatorStatus> p = kit.createTestProbe(CoordinatorStatus.class);
        p.awaitAssert(Duration.ofSeconds(10), () -> {
            coordinator.tell(new StatusRequest(RUN, p.getRef()));
            String text = p.expectMessageClass(CoordinatorStatus.class).text();
            assertFalse(text.contains("is starting"), text);
            return null;
        });
    }

    private Admission ask(Map<String, String> settings, List<Integer> agents) {
        TestProbe<NodeMsg> node = kit.createTestProbe(NodeMsg.class);
        coordinator.tell(new JoinRequest(RUN, settings, agents, node.getRef()));
        return node.expectMessageClass(Admission.class);
    }

    private String status() {
        TestProbe<CoordinatorStatus> p = kit.createTestProbe(CoordinatorStatus.class);
        coordinator.tell(new StatusRequest(RUN, p.getRef()));
        return p.expectMessageClass(CoordinatorStatus.class).text();
    }

    /** Admits agents 0..3 and registers probes as them, as a process does; the run starts once all are listed. */
    private List<TestProbe<AgentMsg>> agents() {
        assertTrue(ask(SETTINGS, List.of(0, 1, 2, 3)).admitted());
        List<TestProbe<AgentMsg>> probes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TestProbe<AgentMsg> p = kit.createTestProbe(AgentMsg.class);
            kit.system().receptionist().tell(Receptionist.register(Keys.agent(i), p.getRef()));
            probes.add(p);
        }
        for (TestProbe<AgentMsg> p : probes) {
            p.expectMessage(Duration.ofSeconds(10), new Start(RUN));
        }
        return probes;
    }

    @Test
    void aProcessWithOtherSettingsIsRefusedNamingThem() {
        Map<String, String> six = new HashMap<>(SETTINGS);
        six.put("agents", "6");
        six.put("parameters", "12");
        Admission a = ask(six, List.of(3));
        assertFalse(a.admitted());
        assertEquals("refused by run 'adm-unit': its settings differ from the run's: agents: run has 4, this process has 6;"
                + " parameters: run has 10, this process has 12", a.reason());
        Map<String, String> missing = new HashMap<>(SETTINGS);
        missing.remove("method");
        assertTrue(ask(missing, List.of(3)).reason().endsWith("method: run has pc-asgd, this process has no such setting"));
        // a process that asks again (its first request unanswered yet) gets the same answer
        TestProbe<NodeMsg> twice = kit.createTestProbe(NodeMsg.class);
        coordinator.tell(new JoinRequest(RUN, six, List.of(3), twice.getRef()));
        coordinator.tell(new JoinRequest(RUN, six, List.of(3), twice.getRef()));
        assertEquals(twice.expectMessageClass(Admission.class), twice.expectMessageClass(Admission.class));
        assertTrue(ask(SETTINGS, List.of(3)).admitted(), "the same settings are admitted");
        assertEquals("refused by run 'adm-unit': agent id 4 is outside 0..3", ask(SETTINGS, List.of(4)).reason());
    }

    @Test
    void theStatusSaysWhichAgentsAndWhichEpochTheRunWaitsFor() {
        assertEquals("the run has not started: the coordinator waits for agents 0, 1, 2, 3 to join", status());
        List<TestProbe<AgentMsg>> probes = agents();
        float[] x = new float[spec.oracle().dimension()];
        for (int i : new int[] {0, 2}) {
            coordinator.tell(new EpochReport(RUN, i, 1, 10, new double[0], x));
        }
        assertEquals("epoch 1 of 2 is open: the coordinator waits for the reports of agents 1, 3", status());

        coordinator.tell(new AgentFailed(RUN, 1, 12, false, "out of memory"));
        for (TestProbe<AgentMsg> p : probes) {
            assertEquals(RUN, p.expectMessageClass(Shutdown.class).runId());
        }
        assertTrue(result.isCompletedExceptionally());
        assertEquals("the run has already ended (agent 1 failed)", status());
        assertEquals("refused by run 'adm-unit': the run has already ended (agent 1 failed); there is nothing to join",
                ask(SETTINGS, List.of(3)).reason());
    }
}
