package pcasgd.bench;

import pcasgd.runtime.WireEncoding;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WireBenchTest {
    @Test
    @Timeout(240)
    void bytesPerMessageComeFromTheSerializer() {
        List<WireBench.Row> rows = WireBench.run("ab", 1000, 3, r -> { });
        assertEquals(6, rows.size());
        // header 4+1+1+2+"ab"(2)+4 = 14, then 8+8+8+8+8+4+4+1+1 = 50: 64 bytes before the values
        for (WireBench.Row r : rows) {
            int values = 1000 * (r.gradient() ? 2 : 1);
            int per = r.encoding() == WireEncoding.FP32 ? 4 : 2;
            assertEquals(64 + values * per, r.bytes(), r.toString());
            assertEquals(3, r.encode().reps());
        }
    }
}
