package pcasgd.runtime.cluster;

/**
 * What one directed link carried, counted by its sender: copies produced for it, handed to it,
 * superseded by a newer copy before the link was free, acknowledged by the receiver, given up as
 * lost (no acknowledgement within {@link AgentActor#ACK_TIMEOUT}), the bytes acknowledged, and the
 * time between handing a copy over and its acknowledgement. Written per link beside the message
 * trace ({@code links*.csv}). One owner (the sending agent's actor).
 */
final class LinkCounters {
    static final String HEADER = "from,to,produced,sent,superseded,delivered,lost,bytes_delivered,mean_in_flight_ms,"
            + "seconds,goodput_bytes_per_s";

    long produced;
    long sent;
    long superseded;
    long delivered;
    long lost;
    long bytesDelivered;
    long inFlightNanos;
    long firstSentNanos = Long.MIN_VALUE;
    long lastDeliveredNanos = Long.MIN_VALUE;

    void sent(long now) {
        sent++;
        if (firstSentNanos == Long.MIN_VALUE) {
            firstSentNanos = now;
        }
    }

    void delivered(long bytes, long sentAt, long now) {
        delivered++;
        bytesDelivered += bytes;
        inFlightNanos += now - sentAt;
        lastDeliveredNanos = now;
    }

    /** One CSV row: the link, its counts, and its goodput between the first copy handed over and the last acknowledged. */
    String csv(int from, int to) {
        double seconds = firstSentNanos == Long.MIN_VALUE || lastDeliveredNanos == Long.MIN_VALUE
                ? 0 : (lastDeliveredNanos - firstSentNanos) / 1e9;
        double meanMs = delivered == 0 ? 0 : inFlightNanos / 1e6 / delivered;
        double goodput = seconds > 0 ? bytesDelivered / seconds : 0;
        return from + "," + to + "," + produced + "," + sent + "," + superseded + "," + delivered + "," + lost + ","
                + bytesDelivered + "," + String.format(java.util.Locale.ROOT, "%.3f,%.3f,%.1f", meanMs, seconds, goodput);
    }
}
