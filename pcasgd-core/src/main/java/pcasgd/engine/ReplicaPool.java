package pcasgd.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lends each concurrent call its own model replica. Replicas are created on demand, so there are
 * never more than the peak number of simultaneous calls, and they are not tied to threads — a
 * thread pool that replaces its workers does not strand native memory.
 */
final class ReplicaPool implements AutoCloseable {
    private final Supplier<ModelReplica> factory;
    private final ConcurrentLinkedDeque<ModelReplica> idle = new ConcurrentLinkedDeque<>();
    private final List<ModelReplica> all = new ArrayList<>();
    private boolean closed;

    ReplicaPool(Supplier<ModelReplica> factory) {
        this.factory = factory;
    }

    <T> T with(Function<ModelReplica, T> call) {
        ModelReplica r = borrow();
        try {
            return call.apply(r);
        } finally {
            idle.addFirst(r);
        }
    }

    ModelReplica borrow() {
        ModelReplica r = idle.pollFirst();
        return r != null ? r : create();
    }

    void giveBack(ModelReplica r) {
        idle.addFirst(r);
    }

    synchronized int size() {
        return all.size();
    }

    // Serialised: building a replica is rare, and DJL's block initialisation was not written for concurrency.
    private synchronized ModelReplica create() {
        if (closed) {
            throw new IllegalStateException("oracle is closed");
        }
        ModelReplica r = factory.get();
        all.add(r);
        return r;
    }

    @Override
    public synchronized void close() {
        closed = true;
        idle.clear();
        all.forEach(ModelReplica::close);
        all.clear();
    }
}
