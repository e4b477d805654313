package pcasgd.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import pcasgd.topology.Graph;

class DelaySpecTest {
    private final Graph ring8 = Graph.ring(8);

    @Test
    void noneBuildsSynchronousModel() {
        DelayModel d = DelaySpec.none().build(ring8);
        assertEquals(0, d.maxDelay());
        assertEquals(0, d.delay(0, 1, 3));
    }

    @Test
    void fixedBuildsSlowFractionOfLinks() {
        DelayModel d = DelaySpec.fixed(3, 0.5, 42).build(ring8);
        LinkDelay link = assertInstanceOf(LinkDelay.class, d);
        assertEquals(4, link.slowLinks().size());
        assertEquals(3, d.maxDelay());
        assertEquals(DelaySpec.DEFAULT_LATE_FRACTION, DelaySpec.none().lateFraction());
    }

    @Test
    void fractionOneMeansEveryLink() {
        DelayModel d = DelaySpec.fixed(2, 1.0, 0).build(ring8);
        for (int[] e : ring8.edges()) {
            assertEquals(2, d.delay(e[0], e[1], 0));
        }
    }

    @Test
    void probabilityOverridesFraction() {
        LinkDelay d = (LinkDelay) DelaySpec.uniform(1, 4, 0.5, 1).withLateProbability(0.2).build(ring8);
        assertEquals(LateLinks.Kind.PROBABILITY, d.lateLinks().kind());
        assertEquals(4, d.maxDelay());
    }

    @Test
    void matrixAndStragglers() {
        int[][] m = new int[8][8];
        m[0][1] = 2;
        DelayModel d = DelaySpec.ofMatrix(m).withStragglers(List.of(0), 3).build(ring8);
        // a straggler computes slower; its links keep the matrix's delays
        assertEquals(2, d.delay(0, 1, 0));
        assertEquals(0, d.delay(0, 7, 0));
        assertEquals(0, d.delay(1, 0, 0));
        assertEquals(2, d.maxDelay());
        assertEquals(3, d.computeFactor(0));
        assertEquals(1, d.computeFactor(1));

        DelayModel onlyStragglers = DelaySpec.none().withStragglers(List.of(4), 4).build(ring8);
        assertEquals(0, onlyStragglers.delay(4, 5, 0));
        assertEquals(4, onlyStragglers.computeFactor(4));
    }

    @Test
    void specCopiesItsMatrix() {
        int[][] m = new int[8][8];
        DelaySpec spec = DelaySpec.ofMatrix(m);
        m[0][1] = 5;
        spec.matrix()[0][1] = 6;
        assertEquals(0, spec.build(ring8).delay(0, 1, 0));
    }

    @Test
    void validationMessages() {
        assertEquals("delay tau must be >= 0, got -1", message(() -> DelaySpec.fixed(-1, 0.5, 0)));
        assertTrue(message(() -> DelaySpec.uniform(4, 2, 0.5, 0)).contains("min <= max"));
        assertTrue(message(() -> DelaySpec.fixed(1, 1.5, 0)).contains("late fraction must be in [0, 1], got 1.5"));
        assertTrue(message(() -> DelaySpec.fixed(1, 0.5, 0).withLateProbability(-0.5))
                .contains("late probability must be in [0, 1]"));
        assertTrue(message(() -> DelaySpec.fixed(1, 0.5, 0).withStragglers(List.of(8), 2).build(ring8))
                .contains("straggler id 8 is outside [0, 8)"));
        assertTrue(message(() -> DelaySpec.fixed(1, 0.5, 0).withStragglers(List.of(-1), 2).build(ring8))
                .contains("straggler id -1 is outside [0, 8)"));
        assertTrue(message(() -> DelaySpec.none().withStragglers(List.of(1), 0)).contains("straggler factor"));
        assertTrue(message(() -> DelaySpec.builder().type("matrix").build())
                .contains("matrix"));
        assertTrue(message(() -> DelaySpec.ofMatrix(new int[3][3]).build(ring8)).contains("8 nodes"));
        String unknown = message(() -> DelaySpec.builder().type("gaussian").tau(1).build());
        assertTrue(unknown.contains("gaussian"), unknown);
        for (String t : DelaySpec.TYPES) {
            assertTrue(unknown.contains(t), unknown);
        }
    }

    @Test
    void typeIsCaseInsensitiveAndNullMeansNone() {
        assertEquals("fixed", DelaySpec.builder().type(" Fixed ").tau(1).build().type());
        assertEquals("none", DelaySpec.builder().type(null).build().type());
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }
}
