package pcasgd.bench;

import pcasgd.runtime.WireEncoding;
import com.typesafe.config.ConfigFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.SerializationExtension;
import pcasgd.runtime.cluster.ParamsMessage;
import pcasgd.runtime.cluster.ParamsSerializer;
import pcasgd.runtime.cluster.PekkoConfig;

/**
 * Bytes per parameter message in each wire encoding, with and without the gradient, measured from the
 * bound {@link ParamsSerializer}'s output (an actor system per encoding, {@code pcasgd.encoding} set), and
 * the time to encode into / decode from a direct buffer as Artery does. Timed cases run interleaved
 * (one repetition of each per round); medians reported.
 */
public final class WireBench {
    /** One case: {@code bytes} of one message; encode/decode milliseconds per message (median over rounds). */
    public record Row(String runId, WireEncoding encoding, boolean gradient, int floats, int bytes, Timing.Stats encode,
                      Timing.Stats decode) { }

    private WireBench() { }

    public static List<Row> run(String runId, int floats, int rounds, Consumer<Row> each) {
        Random r = new Random(1);
        float[] x = new float[floats];
        float[] g = new float[floats];
        for (int i = 0; i < floats; i++) {
            x[i] = (float) (r.nextGaussian() * 0.1);
            g[i] = (float) (r.nextGaussian() * 0.01);
        }
        List<ActorSystem<Void>> systems = new ArrayList<>();
        try {
            List<ParamsSerializer> serializers = new ArrayList<>();
            List<ParamsMessage> messages = new ArrayList<>();
            for (WireEncoding e : WireEncoding.values()) {
                ActorSystem<Void> s = ActorSystem.create(Behaviors.empty(), "wire-" + e, ConfigFactory
                        .parseString(WireEncoding.CONFIG_PATH + " = " + e).withFallback(PekkoConfig.local(runId, 2)));
                systems.add(s);
                for (boolean grad : new boolean[] {true, false}) {
                    ParamsMessage m = grad ? new ParamsMessage(runId, 1, 1, 100, x, g)
                            : ParamsMessage.withoutGradient(runId, 1, 1, 100, x);
                    serializers.add((ParamsSerializer) SerializationExtension.get(Adapter.toClassic(s)).findSerializerFor(m));
                    messages.add(m);
                }
            }
            int cases = messages.size();
            ByteBuffer buf = ByteBuffer.allocateDirect(floats * 8 + 1024);
            double[][] enc = new double[cases][rounds];
            double[][] dec = new double[cases][rounds];
            int[] bytes = new int[cases];
            for (int k = -3; k < rounds; k++) { // three warm-up rounds
                for (int c = 0; c < cases; c++) {
                    buf.clear();
                    long t0 = System.nanoTime();
                    serializers.get(c).toBinary(messages.get(c), buf);
                    long t1 = System.nanoTime();
                    buf.flip();
                    bytes[c] = buf.remaining();
                    Object back = serializers.get(c).fromBinary(buf, "P");
                    long t2 = System.nanoTime();
                    if (!(back instanceof ParamsMessage p) || p.params().length != floats) {
                        throw new IllegalStateException("round trip failed for case " + c);
                    }
                    if (k >= 0) {
                        enc[c][k] = (t1 - t0) / 1e6;
                        dec[c][k] = (t2 - t1) / 1e6;
                    }
                }
            }
            List<Row> rows = new ArrayList<>();
            for (int c = 0; c < cases; c++) {
                Row row = new Row(runId, serializers.get(c).encoding(), messages.get(c).hasGradient(), floats, bytes[c],
                        Timing.Stats.of(enc[c]), Timing.Stats.of(dec[c]));
                rows.add(row);
                each.accept(row);
            }
            return rows;
        } finally {
            systems.forEach(ActorSystem::terminate);
        }
    }
}
