package pcasgd.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What {@link Method} and {@link PredictorSpec.Kind} say about the methods and predictors. */
class RegistryTest {
    private static Set<Method> where(java.util.function.Predicate<Method> p) {
        return Arrays.stream(Method.values()).filter(p).collect(Collectors.toSet());
    }

    @Test
    void methodTraits() {
        assertEquals(Set.of(Method.PC_ASGD, Method.PC_ASGD_PV, Method.PREDICT_ONLY), where(Method::predicts));
        assertEquals(Set.of(Method.PC_ASGD_PV), where(Method::choosesPerStep));
        assertEquals(Set.of(Method.SYNC_DSGD, Method.CENTRALIZED), where(Method::waitsForNeighbours));
        assertEquals(Set.of(Method.CENTRALIZED), where(Method::singleModel));
        assertEquals(Set.of(Method.LOCAL), where(m -> !m.communicates()));
    }

    @Test
    void methodNamesAndAliases() {
        assertEquals(List.of("pc-asgd", "pc-asgd-pv", "predict-only", "clip-only", "stale-dsgd", "dsgd", "centralized", "local"),
                Method.ids());
        assertEquals(Method.SYNC_DSGD, Method.parse("sync-dsgd"));
        assertEquals(Method.SYNC_DSGD, Method.parse("CDSGD"));
        assertEquals(Method.PC_ASGD_PV, Method.parse(" PC_ASGD_PV "));
        assertEquals(Optional.empty(), Method.find("adam"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Method.parse("adam")).getMessage()
                .contains(Method.validNames()));
        assertEquals("PC-ASGD-PV", Method.PC_ASGD_PV.label());
    }

    @Test
    void predictorKinds() {
        assertEquals(List.of("draft", "taylor", "extrapolate"), PredictorSpec.NAMES);
        assertEquals("extrapolate", PredictorSpec.DEFAULT);
        assertFalse(PredictorSpec.takesDamping("draft"));
        assertTrue(PredictorSpec.takesDamping("Taylor"));
        assertTrue(PredictorSpec.takesDamping("extrapolate"));
        assertFalse(PredictorSpec.takesDamping("oracle"), "no predictor of that name");
        assertTrue(PredictorSpec.Kind.TAYLOR.takesLambda());
        assertFalse(PredictorSpec.Kind.EXTRAPOLATE.takesLambda());
        PredictorSpec s = new PredictorSpec(" TAYLOR", LambdaSpec.fixed(1), DampingSpec.fixed(0.5));
        assertEquals("taylor", s.name());
        assertEquals(PredictorSpec.Kind.TAYLOR, s.kind());
        for (PredictorSpec.Kind k : PredictorSpec.Kind.values()) {
            Predictor p = new PredictorSpec(k.id(), LambdaSpec.fixed(1), DampingSpec.fixed(1)).create(0.1, 0.9);
            assertEquals(k != PredictorSpec.Kind.EXTRAPOLATE, p.usesNeighbourGradients(), k.id());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PredictorSpec("oracle", LambdaSpec.fixed(1),
                DampingSpec.fixed(1))).getMessage().contains("draft, taylor, extrapolate"));
    }
}
