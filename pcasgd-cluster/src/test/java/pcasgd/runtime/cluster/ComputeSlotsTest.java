package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * At most {@code slots} bodies run at once, whatever the number of threads asking, and a waiting
 * thread is served first come, first served. Every check waits on an event (a body entered, a thread
 * parked in the semaphore), never on time, so it cannot pass or fail by how the threads happen to be
 * scheduled: bodies hold their slot until the test releases them.
 */
@Timeout(60)
class ComputeSlotsTest {
    private static final long BOUND_S = 30;
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        for (Thread t : threads) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(BOUND_S));
        }
    }

    /** Starts a thread whose body records its name, counts as entered and holds its slot until {@code release}. */
    private Thread asker(ComputeSlots slots, String name, List<String> order, AtomicInteger running, CountDownLatch entered) {
        Thread t = new Thread(() -> slots.run(() -> {
            synchronized (order) {
                order.add(name);
            }
            running.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return running.decrementAndGet();
        }), name);
        threads.add(t);
        t.start();
        return t;
    }

    /**
     * Waits until {@code t} is parked inside the slots' semaphore: it asked for a slot and was not given one.
     * Fails at once if its body ran instead ({@code order} names it).
     */
    private static void awaitParkedForASlot(Thread t, List<String> order) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_S);
        while (!(t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals("java.util.concurrent.Semaphore") && f.getMethodName().startsWith("acquire")))) {
            synchronized (order) {
                assertTrue(!order.contains(t.getName()), t.getName() + " was given a slot when none was free: " + order);
            }
            assertTrue(t.isAlive(), t.getName() + " ended instead of waiting for a slot");
            assertTrue(System.nanoTime() < end, t.getName() + " did not wait for a slot within " + BOUND_S + " s: " + t.getState());
            Thread.sleep(1); // polling for the event, with a bound: no conclusion is drawn from time passing
        }
    }

    @Test
    void aThirdBodyWaitsWhileTwoHoldTheSlotsAndStartsWhenOneIsGivenBack() throws InterruptedException {
        ComputeSlots slots = new ComputeSlots(2);
        List<String> order = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        CountDownLatch twoIn = new CountDownLatch(2);
        asker(slots, "a", order, running, twoIn);
        asker(slots, "b", order, running, twoIn);
        // both slots can be held at once: the bound is 2, not 1
        assertTrue(twoIn.await(BOUND_S, TimeUnit.SECONDS), "two bodies did not run side by side: " + order);
        CountDownLatch thirdIn = new CountDownLatch(1);
        Thread c = asker(slots, "c", order, running, thirdIn);
        awaitParkedForASlot(c, order);
        // c is parked in acquire with both bodies still holding their slots: it never entered its body
        assertEquals(2, running.get());
        assertEquals(1, thirdIn.getCount(), "a third body ran while two held the slots");
        release.countDown();
        assertTrue(thirdIn.await(BOUND_S, TimeUnit.SECONDS), "the third body did not start when a slot came back");
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(BOUND_S));
        }
        assertEquals(List.of("a", "b"), order.subList(0, 2).stream().sorted().toList(), "the first two in: " + order);
        assertEquals("c", order.get(2));
        assertEquals(0, running.get());
    }

    @Test
    void waitingThreadsAreServedInTheOrderTheyAsked() throws InterruptedException {
        ComputeSlots slots = new ComputeSlots(1);
        List<String> order = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        CountDownLatch firstIn = new CountDownLatch(1);
        asker(slots, "holder", order, running, firstIn);
        assertTrue(firstIn.await(BOUND_S, TimeUnit.SECONDS));
        // each asks only once the one before it is parked, so the order of asking is known
        CountDownLatch allIn = new CountDownLatch(3);
        for (String name : List.of("first", "second", "third")) {
            awaitParkedForASlot(asker(slots, name, order, running, allIn), order);
        }
        synchronized (order) {
            assertEquals(List.of("holder"), order);
        }
        // one slot: as the holder gives it back, the bodies run one after another, in the order they asked
        release.countDown();
        assertTrue(allIn.await(BOUND_S, TimeUnit.SECONDS), "not every waiting body ran: " + order);
        assertEquals(List.of("holder", "first", "second", "third"), order);
    }

    @Test
    void aSlotIsGivenBackWhenTheBodyFails() {
        ComputeSlots slots = new ComputeSlots(1);
        assertThrows(IllegalStateException.class, () -> slots.run(() -> {
            throw new IllegalStateException("diverged");
        }));
        assertEquals(7, slots.run(() -> 7));
    }
}
