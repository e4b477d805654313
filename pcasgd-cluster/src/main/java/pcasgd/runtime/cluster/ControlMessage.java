package pcasgd.runtime.cluster;

/** Marker: small control messages, serialized as JSON by pekko-serialization-jackson. */
public interface ControlMessage { }
