package pcasgd.runtime.cluster;

/** Marker: carried by {@link ParamsSerializer} as raw float buffers (bound in pcasgd-cluster.conf). */
interface BinaryMessage {
    String runId();
}
