package pcasgd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import pcasgd.agent.BatchSource;
import pcasgd.agent.HeldCopy;
import pcasgd.agent.Inbox;
import pcasgd.algorithm.AgentState;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.algorithm.NeighbourCopy;
import pcasgd.algorithm.StepContext;
import pcasgd.algorithm.UpdateRule;
import pcasgd.data.BatchSampler;
import pcasgd.data.Dataset;
import pcasgd.data.Partitioner;
import pcasgd.delay.DelayAmount;
import pcasgd.delay.DelayModel;
import pcasgd.delay.DelaySpec;
import pcasgd.delay.Delivery;
import pcasgd.delay.LateLinks;
import pcasgd.delay.LinkDelay;
import pcasgd.engine.LeastSquaresOracle;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/**
 * What "late" means, checked end to end: the ages of the copies the update rule of agent 0 sees,
 * step by step, for scripted deliveries — in the simulator, and on the actor runtimes' delivery path
 * (messages offered to the agent's {@link Inbox} in arrival order, copies read at each step), which
 * must agree with each other and with the ages worked out by hand.
 */
class DeliverySemanticsTest {
    static final Dataset DATA = LeastSquaresOracle.generate(64, 2, 0.1, 1);

    /** A rule that records, per agent and step, the age (and the values) of every copy it is given. */
    static final class Recording implements UpdateRule {
        final UpdateRule inner = AlgorithmConfig.builder().method(Method.STALE_DSGD).learningRate(0.01).build().rule();
        final Map<Integer, Map<Long, List<Integer>>> ages = new TreeMap<>();
        final List<float[]> received = new ArrayList<>();

        @Override
        public AgentState init(int dimension, int segments) {
            return inner.init(dimension, segments);
        }

        @Override
        public synchronized void step(StepContext c, AgentState state, float[] out) {
            List<Integer> a = new ArrayList<>();
            for (NeighbourCopy n : c.neighbours()) {
                a.add(n.age());
                received.add(n.params().clone());
            }
            ages.computeIfAbsent(c.agent(), k -> new TreeMap<>()).put(c.step(), a);
            inner.step(c, state, out);
        }
    }

    static Recording simulate(DelayModel delays, int steps) {
        return simulate(delays, steps, pcasgd.runtime.WireEncoding.FP32);
    }

    static Recording simulate(DelayModel delays, int steps, WireEncoding encoding) {
        Graph g = Graph.ring(2);
        int[][] shards = Partitioner.iid(DATA.size(), 2, 1);
        List<BatchSource> sources = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sources.add(new BatchSampler(DATA, shards[i], 4, i, 1)::next);
        }
        Recording rule = new Recording();
        SimulationSpec spec = SimulationSpec.builder().method("recording").oracle(new LeastSquaresOracle(2, 0.0)).rule(rule)
                .network(g, MixingMatrix.metropolisHastings(g)).delays(delays).data(DATA, DATA).sources(sources)
                .batchSize(4).epochs(1).stepsPerEpoch(steps).evaluateAgents(false).encoding(encoding).build();
        try (SimulatedRuntime sim = new SimulatedRuntime(spec, List.of())) {
            sim.run();
        }
        return rule;
    }

    /** Agent 0's view, step by step, as the actor runtimes produce it: offer in arrival order, read at each step. */
    static List<Integer> inboxAges(int[] delayOfSend, int steps) {
        Inbox inbox = new Inbox(new int[] {1}, new double[] {0.5}, 0.5, false);
        inbox.offer(0, new HeldCopy(HeldCopy.INITIAL, new float[2], new float[2]));
        Map<Long, List<Long>> arrivals = new TreeMap<>();
        for (int s = 0; s < delayOfSend.length; s++) {
            if (delayOfSend[s] >= 0) {
                arrivals.computeIfAbsent((long) s + delayOfSend[s], k -> new ArrayList<>()).add((long) s);
            }
        }
        List<Integer> out = new ArrayList<>();
        for (long k = 0; k < steps; k++) {
            for (long sent : arrivals.getOrDefault(k, List.of())) {
                inbox.offer(0, new HeldCopy(sent, new float[2], new float[2]));
            }
            out.add(inbox.copies(k).copies().get(0).age());
        }
        return out;
    }

    static List<Integer> agent0(Recording r, int steps) {
        List<Integer> out = new ArrayList<>();
        for (long k = 0; k < steps; k++) {
            out.add(r.ages.get(0).get(k).get(0));
        }
        return out;
    }

    @Test
    void aScriptedSequenceIsSeenTheSameWayByTheSimulatorAndTheActorDeliveryPath() {
        // agent 1's messages to agent 0, by send step: on time, 2 late, 1 late, 3 late, on time, ...
        int[] delays = {0, 2, 1, 3, 0, 0, 2, 0};
        DelayModel scripted = new DelayModel() {
            public int delay(int from, int to, long step) { return from == 1 ? delays[(int) step] : 0; }
            public int maxDelay() { return 3; }
            public String describe() { return "scripted"; }
        };
        // held at step k: the newest send that has arrived. s1 and s2 both arrive at 3, s3 at 6, s6 at 8.
        // k=0: s0, age 0; k=1: s0, 1; k=2: s0, 2; k=3: s2, 1; k=4: s4, 0; k=5: s5, 0; k=6: s5, 1; k=7: s7, 0
        List<Integer> expected = List.of(0, 1, 2, 1, 0, 0, 1, 0);
        assertEquals(expected, agent0(simulate(scripted, 8), 8), "simulator");
        assertEquals(expected, inboxAges(delays, 8), "actor delivery path");
    }

    @Test
    void aNarrowEncodingRoundsEveryMessageTheSimulatorDelivers() {
        DelayModel lag = new LinkDelay(Graph.ring(2), LateLinks.all(), DelayAmount.fixed(1), 0);
        Recording fp32 = simulate(lag, 6);
        Recording bf16 = simulate(lag, 6, WireEncoding.BF16);
        int rounded = 0;
        // (the least-squares model starts at 0, so even the initial copy, known without a message, passes)
        for (float[] x : bf16.received) {
            for (float v : x) {
                // representable in bf16: the low 16 bits of the float are zero
                assertEquals(0, Float.floatToRawIntBits(v) & 0xffff, "value " + v + " did not go through bf16");
            }
        }
        for (float[] x : fp32.received) {
            for (float v : x) {
                rounded += (Float.floatToRawIntBits(v) & 0xffff) != 0 ? 1 : 0;
            }
        }
        assertTrue(rounded > 0, "fp32 messages keep their low bits");
    }

    @Test
    void periodicDeliveryAgesTheHeldCopyZeroToTauMinusOne() {
        LinkDelay periodic = new LinkDelay(Graph.ring(2), LateLinks.all(), DelayAmount.fixed(4), 0, Delivery.PERIODIC);
        int[] d = new int[10];
        for (int s = 0; s < d.length; s++) {
            d[s] = periodic.delay(1, 0, s);
        }
        // a message sent at s arrives at the next multiple of 4
        assertEquals(List.of(0, 3, 2, 1, 0, 3, 2, 1, 0, 3), java.util.Arrays.stream(d).boxed().toList());
        assertEquals(3, periodic.maxDelay());
        List<Integer> ages = List.of(0, 1, 2, 3, 0, 1, 2, 3, 0, 1);
        assertEquals(ages, agent0(simulate(periodic, 10), 10), "simulator");
        assertEquals(ages, inboxAges(d, 10), "actor delivery path");
    }

    @Test
    void aStragglerStepsOnceEveryFactorTicksAndItsCopiesAgeInBetween() {
        DelayModel slow = DelaySpec.none().withStragglers(List.of(1), 3).build(Graph.ring(2));
        Recording r = simulate(slow, 9);
        // agent 1 computes 3x slower: it steps (and sends) at ticks 2, 5, 8 only
        assertEquals(List.of(2L, 5L, 8L), List.copyOf(r.ages.get(1).keySet()));
        // before its first message agent 0 holds the initial copy (sent "at −1"): ages 1, 2; then 0, 1, 2, ...
        assertEquals(List.of(1, 2, 0, 1, 2, 0, 1, 2, 0), agent0(r, 9));
    }
}
