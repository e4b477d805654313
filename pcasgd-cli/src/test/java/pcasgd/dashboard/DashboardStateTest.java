package pcasgd.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import pcasgd.metrics.MetricSet;
import pcasgd.metrics.RunInfo;

/** RunState's counters: the step rate over the last seconds, and which changes count as content. */
class DashboardStateTest {
    private final AtomicLong nanos = new AtomicLong(123_000_000_000L);
    private final RunState state = new RunState("r", "sim", "pc-asgd", "ring", 2, List.of(new int[] {0, 1}), "", 1,
            nanos::get, () -> 0L);

    private void at(double seconds) {
        nanos.set(123_000_000_000L + (long) (seconds * 1e9));
    }

    @Test
    void stepRateIsOverTheLastFiveSecondsNotSinceTheStart() {
        at(0);
        state.start(new RunInfo("pc-asgd", 2, 10, 10_000, 1, 0.5, "ring", "none", MetricSet.standard()));
        long done = 0;
        for (int t = 1; t <= 10; t++) {
            done += t <= 5 ? 100 : 10;
            at(t);
            state.step(done, 10_000);
        }
        assertEquals(10.0, state.stepRate(), 1e-9, "10 steps/s over seconds 5 to 10 (55 on average since the start)");
        state.finish();
        assertEquals(0, state.stepRate());
        assertEquals(10.0, state.elapsedSeconds(), 1e-9);
    }

    @Test
    void stepsChangeTheVersionButNotTheContent() {
        at(0);
        state.start(new RunInfo("pc-asgd", 2, 10, 100, 1, 0.5, "ring", "none", MetricSet.standard()));
        long content = state.contentVersion();
        long version = state.version();
        at(1);
        state.step(10, 100);
        assertTrue(state.version() > version, "a due rate sample is a change");
        assertEquals(content, state.contentVersion());
        long v = state.version();
        at(1.1);
        state.step(11, 100);
        assertEquals(v, state.version(), "at most one change every 250 ms from steps");
        assertEquals(11, state.stepsDone(), "the counter itself is always current");
        state.warning("slow link");
        assertTrue(state.contentVersion() > content);
    }
}
