package pcasgd.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TalliesTest {
    static final Counter SUM = Counter.sum("s");
    static final Counter MEAN = Counter.mean("m");
    static final Counter LAYERS = Counter.perSegment("l");

    @Test
    void countersAggregateByTheirKind() {
        Tallies t = new Tallies(3);
        t.add(SUM, 1.5);
        t.add(SUM, 2);
        t.add(MEAN, 1);
        t.add(MEAN, 0);
        t.add(LAYERS, 2, 1);
        t.add(LAYERS, 0, 4);
        assertArrayEquals(new double[] {3.5}, t.sums(SUM));
        assertArrayEquals(new double[] {1, 2}, t.sums(MEAN), "Σ v and how many");
        assertEquals(0.5, t.mean(MEAN), 0.0);
        assertEquals(2, t.count(MEAN), 0.0);
        assertArrayEquals(new double[] {4, 0, 1}, t.sums(LAYERS));
        assertEquals(5, t.total(LAYERS), 0.0);
        assertEquals(5 / 3.5, t.ratio(LAYERS, SUM), 0.0);
    }

    @Test
    void aCounterNothingWasAddedToReadsAsZerosOfItsWidth() {
        Tallies t = new Tallies(2);
        assertArrayEquals(new double[1], t.sums(SUM));
        assertArrayEquals(new double[2], t.sums(MEAN));
        assertArrayEquals(new double[2], t.sums(LAYERS));
        assertTrue(Double.isNaN(t.mean(MEAN)));
        assertTrue(Double.isNaN(t.ratio(SUM, LAYERS)));
    }

    @Test
    void countersAreKeysByNameAndKindAndRefuseTheWrongAdd() {
        Tallies t = new Tallies(2);
        t.add(Counter.mean("m"), 3);
        assertEquals(3, t.mean(MEAN), 0.0, "an equal counter reads the same sums");
        assertThrows(IllegalArgumentException.class, () -> t.add(LAYERS, 1));
        assertThrows(IllegalArgumentException.class, () -> t.add(SUM, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> t.mean(SUM));
    }
}
