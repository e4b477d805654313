package pcasgd.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison with stale DSGD, on accuracies chosen so every number is known by hand. */
class ComparisonsTest {

    static SweepTable.Run run(String method, long seed, double accuracy) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("method", method);
        settings.put("tau", "16");
        return new SweepTable.Run(settings, seed, List.of(Map.of("epoch", "1", "test_accuracy", Double.toString(accuracy))));
    }

    @Test
    void gapsArePairedBySeedAndMarkedWhenBeyondTwoSeedStandardDeviations() {
        List<SweepTable.Run> runs = new ArrayList<>();
        double[] stale = {0.80, 0.81, 0.82};
        double[] clear = {0.85, 0.86, 0.87};   // +5 points on every seed; std 1 point each: 5 > 2
        double[] noisy = {0.81, 0.80, 0.83};   // +1, −1, +1: mean +0.33, paired std 1.15
        for (int s = 0; s < 3; s++) {
            runs.add(run("stale-dsgd", s + 1, stale[s]));
            runs.add(run("local", s + 1, clear[s]));
            runs.add(run("clip-only", s + 1, noisy[s]));
        }
        String md = Comparisons.markdown(new SweepTable(List.of("method", "tau"), runs), "stale-dsgd", "tau");
        assertTrue(md.contains("| local     | +5.00 (+5.00 ± 0.00) ** |"), md);
        assertTrue(md.contains("| clip-only | +0.33 (+0.33 ± 1.15)    |"), md);
    }
}
