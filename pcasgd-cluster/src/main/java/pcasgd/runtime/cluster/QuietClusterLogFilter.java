package pcasgd.runtime.cluster;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.event.EventStream;
import org.apache.pekko.event.LogMarker;
import org.apache.pekko.event.slf4j.Slf4jLoggingFilter;

/**
 * Pekko's log filter, less the cluster warnings whose event pcasgd reports itself in one human line:
 * a member marked unreachable (the coordinator: "agent 3 unreachable; epochs close without it
 * until it rejoins"; each neighbour: "mixing without it"), a failed join attempt (the process's
 * own "could not reach any seed node ..." when it gives up), and what follows from the first: the
 * split-brain resolver downs the unreachable member and its address is quarantined. Warnings
 * without such a marker, e.g. heartbeat starvation, still show.
 */
final class QuietClusterLogFilter extends Slf4jLoggingFilter {
    /** Pekko's ClusterLogMarker names of the events above. */
    static final Set<String> REPORTED_BY_PCASGD = Set.of("pekkoUnreachable", "pekkoJoinFailed", "pekkoSbrDowning",
            "pekkoSbrDowningNode", "pekkoQuarantine");

    /** A process of another run (or one that dials this node by another address) repeats its handshake every few 100 ms. */
    private static final String HANDSHAKE = "org.apache.pekko.remote.artery.InboundHandshake";
    private static final long HANDSHAKE_EVERY_NANOS = 60_000_000_000L;

    private final AtomicLong lastHandshakeWarning = new AtomicLong(System.nanoTime() - HANDSHAKE_EVERY_NANOS);

    public QuietClusterLogFilter(ActorSystem.Settings settings, EventStream eventStream) {
        super(settings, eventStream);
    }

    /** Artery's "Dropping Handshake Request from [pekko://pcasgd-other@...]" names the stranger: once a minute is enough. */
    @Override
    public boolean isWarningEnabled(Class<?> logClass, String logSource) {
        if (logClass.getName().startsWith(HANDSHAKE)) {
            long now = System.nanoTime();
            long last = lastHandshakeWarning.get();
            if (now - last < HANDSHAKE_EVERY_NANOS || !lastHandshakeWarning.compareAndSet(last, now)) {
                return false;
            }
        }
        return super.isWarningEnabled(logClass, logSource);
    }

    @Override
    public boolean isWarningEnabled(Class<?> logClass, String logSource, LogMarker marker) {
        return !REPORTED_BY_PCASGD.contains(marker.name()) && super.isWarningEnabled(logClass, logSource, marker);
    }
}
