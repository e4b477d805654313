package pcasgd.runtime.cluster;

/** The coordinator's answer to a {@link JoinRequest}: admitted, or refused with the reason the process prints. */
record Admission(String runId, boolean admitted, String reason) implements NodeMsg, ControlMessage {
    static Admission admit(String runId) {
        return new Admission(runId, true, "");
    }

    static Admission refuse(String runId, String reason) {
        return new Admission(runId, false, reason);
    }
}
