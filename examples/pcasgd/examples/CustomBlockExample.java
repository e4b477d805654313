package pcasgd.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import pcasgd.api.Execution;
import pcasgd.api.TrainingResult;

/**
 * Example (a): README's two-layer network ({@link QuickStart}) trained in the deterministic
 * simulator and on real threads (one actor per agent), each averaged model x̄ saved as DJL
 * parameters. Run with an output folder to save both models.
 */
public final class CustomBlockExample {
    private CustomBlockExample() { }

    /**
     * Trains in the simulator and on real threads, saving each model to {@code out} (if not null) as
     * DJL's {@code two-layer-simulator-0000.params} and {@code two-layer-local-0000.params}.
     *
     * @return the final test accuracy of the averaged model, per runtime
     */
    public static Map<Execution.Kind, Double> run(Path out) throws IOException {
        Map<Execution.Kind, Double> accuracy = new EnumMap<>(Execution.Kind.class);
        for (Execution where : new Execution[] {Execution.simulator(), Execution.local()}) {
            try (TrainingResult r = QuickStart.train(where)) {
                accuracy.put(where.kind(), r.lastEpoch().testAccuracy());
                if (out != null) {
                    r.model().save(out, "two-layer-" + where.kind().name().toLowerCase(Locale.ROOT));
                }
            }
        }
        return accuracy;
    }

    /** @param args optional: a folder to save the two trained models in */
    public static void main(String[] args) throws IOException {
        run(args.length > 0 ? Path.of(args[0]) : null).forEach((kind, acc) ->
                System.out.printf("%s: test accuracy of the averaged model %.3f%n", kind, acc));
    }
}
