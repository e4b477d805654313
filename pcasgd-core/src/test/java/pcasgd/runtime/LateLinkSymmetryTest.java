package pcasgd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import pcasgd.agent.HeldCopy;
import pcasgd.agent.Inbox;
import pcasgd.algorithm.NeighbourCopy;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/**
 * The simulator's late-link rule keeps the clipping step's W̃ doubly stochastic under one-sided
 * lateness: each step, each direction of each link of a ring of 8 delivers a copy that is on time or
 * 1–3 steps old at random, independently of the other direction (per-message lateness, a straggler,
 * an asymmetric matrix all look like this to a link). With zero gradients the clipping step is
 * x_i ← w̃_ii x_i + Σ_{on time} w_ij x_j; over 1 000 steps the network average of x must stay put.
 */
class LateLinkSymmetryTest {
    @Test
    void oneSidedLatenessKeepsTheNetworkAverageOfTheClippingStep() {
        int n = 8;
        int dim = 3;
        Graph g = Graph.ring(n);
        MixingMatrix w = MixingMatrix.metropolisHastings(g);
        Inbox[] in = new Inbox[n];
        for (int i = 0; i < n; i++) {
            int[] nb = g.neighbours(i);
            double[] wt = new double[nb.length];
            for (int s = 0; s < nb.length; s++) {
                wt[s] = w.weight(i, nb[s]);
            }
            in[i] = new Inbox(nb, wt, w.selfWeight(i), false);
        }
        int[][] peer = MessageSchedule.peerSlots(in);
        Random r = new Random(3);
        double[][] x = new double[n][dim];
        for (double[] xi : x) {
            for (int d = 0; d < dim; d++) {
                xi[d] = r.nextGaussian() * 10;
            }
        }
        double[] start = average(x);
        int oneSided = 0;
        float[] placeholder = new float[dim];
        for (long k = 0; k < 1000; k++) {
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < in[i].size(); s++) {
                    // the newest copy in this direction was sent 0 to 3 steps ago, whatever the other direction did
                    long sent = r.nextInt(4) == 0 ? k - 1 - r.nextInt(3) : k;
                    in[i].forget(s);
                    in[i].offer(s, new HeldCopy(sent, placeholder, null));
                }
            }
            MessageSchedule.decideLateLinks(in, peer, k);
            double[][] next = new double[n][dim];
            for (int i = 0; i < n; i++) {
                Inbox.Held held = in[i].copies(k);
                // W̃: each late w_ij moves onto the diagonal (ClipWeights.DIAGONAL)
                double self = held.selfWeight();
                for (NeighbourCopy c : held.copies()) {
                    if (!c.onTime()) {
                        self += c.weight();
                        oneSided += c.age() == 0 ? 1 : 0;
                    }
                }
                for (int d = 0; d < dim; d++) {
                    next[i][d] = self * x[i][d];
                }
                for (NeighbourCopy c : held.copies()) {
                    if (c.onTime()) {
                        for (int d = 0; d < dim; d++) {
                            next[i][d] += c.weight() * x[c.id()][d];
                        }
                    }
                }
            }
            x = next;
        }
        double[] end = average(x);
        for (int d = 0; d < dim; d++) {
            assertEquals(start[d], end[d], 1e-6 * Math.max(1, Math.abs(start[d])), "coordinate " + d);
        }
        assertTrue(oneSided > 1000, "fresh copies dropped because the other direction was late: " + oneSided);
    }

    private static double[] average(double[][] x) {
        double[] a = new double[x[0].length];
        for (double[] xi : x) {
            for (int d = 0; d < a.length; d++) {
                a[d] += xi[d] / x.length;
            }
        }
        return a;
    }
}
