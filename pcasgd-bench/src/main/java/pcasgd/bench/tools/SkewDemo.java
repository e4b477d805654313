package pcasgd.bench.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import pcasgd.algorithm.AgentState;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.DampingSpec;
import pcasgd.algorithm.LambdaSpec;
import pcasgd.algorithm.Method;
import pcasgd.algorithm.NeighbourCopy;
import pcasgd.algorithm.PredictorSpec;
import pcasgd.algorithm.StepContext;
import pcasgd.algorithm.UpdateRule;

/**
 * Step skew versus staleness: a deterministic, event-driven imitation of the actor runtime that
 * feeds pcasgd's own update rules (docs/step-skew.md). Eight agents on a ring (w_ij = 1/3), each
 * step takes 1 time unit except agent 0's (D0), a message takes L time units, and an agent may
 * step only while every neighbour's newest copy is at most B of its own steps old (maxStaleness).
 * Gradients: c (x − b_i) + N(0, 0.5²) on 64 coordinates (c small: a flat loss, as for a network).
 * Agents are NOT in lockstep: a fast agent runs ahead of a slow one by up to B steps per hop.
 *
 * <p>The age each copy is mixed with:
 * <ul>
 *   <li>{@code receiver}: max(0, k_i − s), what pcasgd.agent.Inbox gives in the actor runtime (step skew + staleness);</li>
 *   <li>{@code ack}: ⌊(k_i − r)/2⌋, where r is the newest of i's steps the sender held when it sent s
 *       (half the round trip in i's steps: the skew cancels, the transit stays).</li>
 * </ul>
 *
 * <pre>
 *   mvn -q -B -o package -DskipTests
 *   java -cp target/pcasgd-bench.jar pcasgd.bench.tools.SkewDemo METHOD AGES BETA D0 L C B
 *   e.g. java -cp target/pcasgd-bench.jar pcasgd.bench.tools.SkewDemo predict-only receiver 1 2 0 0.01 10
 *   (-Dsteps=N before -cp: steps per agent, default 3000)
 * </pre>
 */
public class SkewDemo {
    public static void main(String[] a) {
        String method = a[0];
        String ages = a[1];
        double beta = Double.parseDouble(a[2]);
        double d0 = Double.parseDouble(a[3]);
        double latency = Double.parseDouble(a[4]);
        double curvature = Double.parseDouble(a[5]);
        int bound = Integer.parseInt(a[6]);
        int n = 8, d = 64, steps = Integer.getInteger("steps", 3000);
        Random rnd = new Random(7);
        float[][] b = new float[n][d];
        for (float[] bi : b) {
            for (int q = 0; q < d; q++) {
                bi[q] = (float) rnd.nextGaussian();
            }
        }
        UpdateRule rule = AlgorithmConfig.builder().method(Method.parse(method)).learningRate(0.05).momentum(0.9)
                .weightDecay(0).theta(0.5)
                .predictor(new PredictorSpec("extrapolate", LambdaSpec.adaptive(1.0, 0.95), DampingSpec.fixed(beta)))
                .build().rule();
        AgentState[] state = new AgentState[n];
        float[][] x = new float[n][d];
        long[] k = new long[n];
        // per agent and side (0: left neighbour i−1, 1: right neighbour i+1): newest copy, its step, its ack
        long[][] heldStep = new long[n][2];
        long[][] heldAck = new long[n][2];
        float[][][] held = new float[n][2][];
        double[] ready = new double[n];
        boolean[] sent = new boolean[n];
        boolean[] blocked = new boolean[n];
        for (int i = 0; i < n; i++) {
            state[i] = rule.init(d, 1);
            Arrays.fill(heldStep[i], -1);
            Arrays.fill(heldAck[i], -1);
            held[i][0] = new float[d]; // the common initial point
            held[i][1] = new float[d];
            ready[i] = i == 0 ? d0 : 1;
        }
        // message: {arrival time, to, side at the receiver, sent step, params, ack}
        PriorityQueue<Object[]> msgs = new PriorityQueue<>(Comparator.comparingDouble(o -> (double) o[0]));
        Random noise = new Random(11);
        long total = 0;
        double worst = 0;
        while (true) {
            int who = -1;
            double next = Double.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                if (k[i] < steps && ready[i] < next) {
                    next = ready[i];
                    who = i;
                }
            }
            if (!msgs.isEmpty() && (double) msgs.peek()[0] <= next) {
                Object[] m = msgs.poll();
                int to = (int) m[1], side = (int) m[2];
                long s = (long) m[3];
                if (s > heldStep[to][side]) {
                    heldStep[to][side] = s;
                    held[to][side] = (float[]) m[4];
                    heldAck[to][side] = (long) m[5];
                }
                if (blocked[to]) {
                    blocked[to] = false;
                    ready[to] = (double) m[0];
                }
                continue;
            }
            if (who < 0) {
                break;
            }
            int i = who;
            double t = next;
            if (!sent[i]) { // g_i^k computed: x_i^k goes to both neighbours with what i holds of each
                sent[i] = true;
                msgs.add(new Object[] {t + latency, (i + 1) % n, 0, k[i], x[i].clone(), heldStep[i][1]});
                msgs.add(new Object[] {t + latency, (i + n - 1) % n, 1, k[i], x[i].clone(), heldStep[i][0]});
            }
            if (heldStep[i][0] < k[i] - bound || heldStep[i][1] < k[i] - bound) {
                blocked[i] = true; // waits for a newer copy
                ready[i] = Double.MAX_VALUE;
                continue;
            }
            float[] g = new float[d];
            for (int q = 0; q < d; q++) {
                g[q] = (float) (curvature * (x[i][q] - b[i][q]) + 0.5 * noise.nextGaussian());
            }
            List<NeighbourCopy> copies = new ArrayList<>();
            int[] nb = {(i + n - 1) % n, (i + 1) % n};
            for (int side = 0; side < 2; side++) {
                int age = ages.equals("ack")
                        ? (int) Math.max(0, (k[i] - heldAck[i][side]) / 2)
                        : (int) Math.max(0, k[i] - heldStep[i][side]);
                copies.add(new NeighbourCopy(nb[side], 1.0 / 3, held[i][side], null, age));
            }
            float[] out = new float[d];
            float[] xi = x[i];
            rule.step(new StepContext(i, k[i], 0, xi, g, 1.0 / 3, copies, age -> xi, new int[] {0, d}, null), state[i], out);
            x[i] = out;
            k[i]++;
            sent[i] = false;
            ready[i] = t + (i == 0 ? d0 : 1);
            total++;
            if (total % 400 == 0) {
                double c = consensus(x);
                worst = Math.max(worst, c);
                if (!(c < 1e6)) {
                    System.out.printf("%s ages=%s beta=%s D0=%s L=%s c=%s B=%d: DIVERGED after %d agent-steps%n",
                            method, ages, beta, d0, latency, curvature, bound, total);
                    return;
                }
            }
        }
        System.out.printf("%s ages=%s beta=%s D0=%s L=%s c=%s B=%d: consensus distance %.3f at the end, %.3f at worst%n",
                method, ages, beta, d0, latency, curvature, bound, consensus(x), worst);
    }

    /** Mean over agents of ‖x_i − x̄‖. */
    static double consensus(float[][] x) {
        int n = x.length, d = x[0].length;
        double[] mean = new double[d];
        for (float[] xi : x) {
            for (int q = 0; q < d; q++) {
                mean[q] += xi[q] / (double) n;
            }
        }
        double sum = 0;
        for (float[] xi : x) {
            double e = 0;
            for (int q = 0; q < d; q++) {
                e += (xi[q] - mean[q]) * (xi[q] - mean[q]);
            }
            sum += Math.sqrt(e);
        }
        return sum / n;
    }
}
