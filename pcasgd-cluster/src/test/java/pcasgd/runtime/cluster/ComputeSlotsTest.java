package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** At most {@code slots} bodies run at once, whatever the number of threads asking. */
class ComputeSlotsTest {
    @Test
    void neverMoreBodiesAtOnceThanSlots() throws InterruptedException {
        ComputeSlots slots = new ComputeSlots(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                for (int k = 0; k < 20; k++) {
                    slots.run(() -> {
                        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return running.decrementAndGet();
                    });
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(2, peak.get());
        assertEquals(0, running.get());
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
