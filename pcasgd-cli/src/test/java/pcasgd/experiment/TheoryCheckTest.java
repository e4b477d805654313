package pcasgd.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pcasgd.algorithm.Method;
import pcasgd.experiment.TheoryCheck.Trajectory;
import pcasgd.experiment.TheoryCheck.Variant;

/** Least squares with known x*: linear convergence, and delay τ slows it down. */
class TheoryCheckTest {
    static final TheoryCheck CHECK = new TheoryCheck(new TheoryCheck.Settings(8, 20, 4000, 0.1, 0.01, 0.05, 0.0, 8, 900, 0.5, 1));
    static final Variant STALE = new Variant("stale-dsgd", Method.STALE_DSGD, 0.5);
    static final Variant HALF = new Variant("pc-asgd θ=0.5", Method.PC_ASGD, 0.5);

    @Test
    void withoutDelayTheDistanceToTheOptimumFallsByOrdersOfMagnitudeAndThenStays() {
        Trajectory t = CHECK.run(STALE, 0);
        assertEquals(900, t.distance().length);
        assertTrue(t.neighbourhood() < 1e-2 * t.start(), "settled at " + t.neighbourhood() + " from " + t.start());
        // linear phase: a constant factor per block of steps until the noise floor
        int tenth = t.stepsToReach(0.1);
        int hundredth = t.stepsToReach(0.01);
        assertTrue(tenth > 0 && hundredth > tenth && hundredth <= 2.5 * tenth,
                "steps to 10%: " + tenth + ", to 1%: " + hundredth);
        assertTrue(t.consensus()[899] < 0.05, "agents agree: " + t.consensus()[899]);
    }

    @Test
    void theDefaultPredictorStaysStableNearTheOptimum() {
        // Unlimited linear extrapolation of the neighbours' motion diverged here once the run neared x*
        // (its forecast amplifies a mode of period 2τ); with the minmod limiter it settles like stale DSGD.
        Variant predict = new Variant("pc-asgd θ=1 (predict)", Method.PC_ASGD, 1.0);
        for (int tau : new int[] {2, 8, 16}) {
            Trajectory t = CHECK.run(predict, tau);
            Trajectory stale = CHECK.run(STALE, tau);
            assertTrue(t.neighbourhood() < 2 * stale.neighbourhood() + 1e-3,
                    "tau=" + tau + ": predict-only settled at " + t.neighbourhood() + ", stale DSGD at " + stale.neighbourhood());
        }
    }

    @Test
    void largerDelayLeavesALargerDistanceAfterAFixedNumberOfSteps() {
        for (Variant v : List.of(STALE, HALF)) {
            Trajectory fresh = CHECK.run(v, 0);
            Trajectory late = CHECK.run(v, 16);
            int step = fresh.stepsToReach(0.01);
            assertTrue(late.distance()[step - 1] > 10 * fresh.distance()[step - 1],
                    v.label() + " at step " + step + ": tau=16 " + late.distance()[step - 1] + " vs tau=0 " + fresh.distance()[step - 1]);
            assertTrue(late.stepsToReach(0.01) > 2 * step, v.label() + ": the linear rate degrades with tau: " + late.stepsToReach(0.01) + " vs " + step);
            // but it still converges to a neighbourhood of the same order
            assertTrue(late.neighbourhood() < 3 * fresh.neighbourhood(), v.label() + ": " + late.neighbourhood());
        }
    }
}
