package pcasgd.runtime.cluster;

import pcasgd.runtime.WireEncoding;
import java.nio.ByteBuffer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko serializer for {@link BinaryMessage}s: raw float buffers behind a small header (see
 * {@link WireFormat}), written straight into Artery's buffers (ByteBufferSerializer) so a message
 * costs one pass over its floats each way. Checks the run id and sender id of every incoming message
 * against this node's {@code pcasgd.run-id} / {@code pcasgd.agents} before reading the body; a
 * rejected message is logged here and dropped by Artery. Outgoing parameter messages use the run's
 * {@code pcasgd.encoding} (fp32, bf16 or fp16); incoming ones are decoded by the encoding they name.
 */
public final class ParamsSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
    /** Unique among the system's serializers (Pekko reserves 0-40). */
    public static final int IDENTIFIER = 7_447_001;
    private static final Logger LOG = LoggerFactory.getLogger(ParamsSerializer.class);

    private final String runId;
    private final int agents;
    private final WireEncoding encoding;

    public ParamsSerializer(ExtendedActorSystem system) {
        var config = system.settings().config();
        this.runId = config.hasPath("pcasgd.run-id") ? config.getString("pcasgd.run-id") : null;
        this.agents = config.hasPath("pcasgd.agents") ? config.getInt("pcasgd.agents") : 0;
        this.encoding = PekkoConfig.encoding(config);
    }

    /** The encoding of the parameter messages this serializer writes. */
    public WireEncoding encoding() {
        return encoding;
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        if (o instanceof ParamsMessage) {
            return "P";
        }
        if (o instanceof EpochReport) {
            return "E";
        }
        throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object o) {
        return WireFormat.toBytes(o, encoding);
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        return fromBinary(ByteBuffer.wrap(bytes), manifest);
    }

    @Override
    public void toBinary(Object o, ByteBuffer buf) {
        WireFormat.write(o, buf, encoding);
    }

    @Override
    public Object fromBinary(ByteBuffer buf, String manifest) {
        WireFormat.Header h = WireFormat.readHeader(buf);
        String reason = MessageGate.rejectReason(runId, agents, h.runId(), h.sender());
        if (reason != null) {
            LOG.warn(reason);
            throw new WireFormat.RejectedMessageException(reason);
        }
        return WireFormat.readBody(h, buf);
    }
}
