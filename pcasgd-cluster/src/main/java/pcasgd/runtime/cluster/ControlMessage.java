package pcasgd.runtime.cluster;

/** Marker: small control messages, serialized as JSON by pekko-serialization-jackson. */
interface ControlMessage { }
