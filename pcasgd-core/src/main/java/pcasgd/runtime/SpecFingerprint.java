package pcasgd.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import pcasgd.data.Dataset;
import pcasgd.runtime.SimulationSpec;

/**
 * The settings a run's processes must agree on, as a cluster node presents them when it asks to be
 * admitted, read from a run's spec (a run built in code; a run from a config also lists its config
 * keys, see {@code pcasgd.experiment.RunFingerprint}).
 */
public final class SpecFingerprint {
    private SpecFingerprint() { }

    /** What the spec says of the model, rule, network, schedule and data. */
    public static SortedMap<String, String> of(SimulationSpec spec) {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("method", spec.method());
        m.put("agents", Integer.toString(spec.agents()));
        m.put("topology", spec.graph().describe());
        m.put("delays", spec.delays().describe());
        m.put("epochs", Integer.toString(spec.epochs()));
        m.put("stepsPerEpoch", Integer.toString(spec.stepsPerEpoch()));
        m.put("batchSize", Integer.toString(spec.batchSize()));
        m.put("seed", Long.toString(spec.initSeed()));
        m.put("encoding", spec.encoding().toString());
        m.put("parameters", Integer.toString(spec.oracle().dimension()));
        m.put("trainData", describe(spec.trainSet()));
        m.put("testData", describe(spec.testSet()));
        return m;
    }

    /** Name, size, shape, classes and a CRC32C of features and labels: cheap next to loading the data. */
    public static String describe(Dataset d) {
        CRC32C crc = new CRC32C();
        float[] f = d.features();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < f.length; ) {
            buf.clear();
            int n = Math.min(f.length - i, buf.capacity() / Float.BYTES);
            buf.asFloatBuffer().put(f, i, n);
            buf.limit(n * Float.BYTES);
            crc.update(buf);
            i += n;
        }
        if (d.isClassification()) {
            buf.clear();
            for (int i = 0; i < d.size(); i++) {
                if (buf.remaining() < Integer.BYTES) {
                    crc.update(buf.flip());
                    buf.clear();
                }
                buf.putInt(d.label(i));
            }
            crc.update(buf.flip());
        }
        return d.size() + " x " + Arrays.toString(d.featureShape()) + (d.isClassification() ? ", " + d.numClasses() + " classes" : "")
                + ", checksum " + Long.toHexString(crc.getValue());
    }
}
