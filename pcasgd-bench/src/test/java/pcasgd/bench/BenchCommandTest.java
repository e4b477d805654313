package pcasgd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void benchIsRegisteredAndDocumentsItsParts() {
        assertEquals(0, pcasgd.cli.Main.run("bench", "--help"));
    }

    @Test
    void csvRowsHaveTheHeadersColumnCount() {
        StringWriter w = new StringWriter();
        Csv csv = new Csv(new PrintWriter(w), null);
        csv.row("step", "plain-sgd", "lenet", 64, 1, 0, Timing.Stats.of(new double[] {3, 1, 2}), 2.0, "ms/step", "a, \"b\"");
        String[] lines = w.toString().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[1].startsWith("step,plain-sgd,lenet,64,1,,3,2.000,"), lines[1]);
        // the quoted note is one column
        assertEquals(Csv.HEADER.split(",").length, lines[1].replaceAll("\"[^\"]*\"", "x").split(",", -1).length);
    }
}
