package pcasgd.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import pcasgd.algorithm.AgentState;
import pcasgd.algorithm.Method;
import pcasgd.algorithm.NeighbourCopy;
import pcasgd.algorithm.StepContext;
import pcasgd.algorithm.UpdateRule;

/**
 * JMH twin of {@code pcasgd bench --parts vector}: the update rules' vector work (two neighbours, one
 * late) next to {@code System.arraycopy}. Run:
 * {@code java -cp 'target/pcasgd.jar:target/lib/*' org.openjdk.jmh.Main VectorOpsJmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VectorOpsJmh {
    @Param({"100000", "1000000", "10000000"})
    int n;

    @Param({"STALE_DSGD", "CLIP_ONLY", "PREDICT_ONLY", "PC_ASGD", "PC_ASGD_PV"})
    Method method;

    float[] x;
    float[] out;
    StepContext context;
    UpdateRule rule;
    AgentState state;

    @Setup
    public void setup() {
        x = VectorBench.random(n, 1);
        float[] g = VectorBench.random(n, 2);
        float[] past = VectorBench.random(n, 3);
        List<NeighbourCopy> nb = List.of(
                new NeighbourCopy(1, 1.0 / 3, VectorBench.random(n, 4), VectorBench.random(n, 5), 0),
                new NeighbourCopy(2, 1.0 / 3, VectorBench.random(n, 6), VectorBench.random(n, 7), 2));
        out = new float[n];
        context = VectorBench.context(5, x, g, past, nb);
        rule = StepBench.config(method, "cosine").rule();
        state = VectorBench.primed(rule, x, g, past, nb, out);
    }

    @Benchmark
    public float[] updateRule() {
        rule.step(context, state, out);
        return out;
    }

    @Benchmark
    public float[] arraycopy() {
        System.arraycopy(x, 0, out, 0, n);
        return out;
    }
}
