package pcasgd.runtime.cluster;

/**
 * From the coordinator once every agent of the run has registered (and again to an agent that
 * rejoins): step 0 of an agent that started early must not race ahead against neighbours that
 * are still booting their JVMs, which would make every early copy look hundreds of steps late.
 */
record Start(String runId) implements AgentMsg, ControlMessage { }
