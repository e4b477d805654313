package pcasgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pcasgd.experiment.TheoryCheck;
import pcasgd.experiment.TheoryCheck.Settings;
import pcasgd.experiment.TheoryCheck.Trajectory;
import pcasgd.experiment.TheoryFigures;
import pcasgd.io.AtomicFiles;
import pcasgd.report.Charts;
import pcasgd.report.Figure;

/** {@code pcasgd theory}: linear convergence to a τ-dependent neighbourhood on least squares. */
@Command(name = "theory", mixinStandardHelpOptions = true,
        description = "Least squares with known optimum x*: record ||x̄_t - x*|| and the consensus distance per step for"
                + " several tau and theta; writes theory.csv, PNGs (log scale) and theory.md.")
final class TheoryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-o", "--output"}, defaultValue = "runs/theory", description = "folder for the outputs (default ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--taus", split = ",", defaultValue = "0,2,4,8,16", description = "delays τ (default ${DEFAULT-VALUE})")
    List<Integer> taus;

    @Option(names = "--steps", defaultValue = "1500") int steps;
    @Option(names = {"-n", "--agents"}, defaultValue = "8", description = "agents on a ring") int agents;
    @Option(names = "--dimension", defaultValue = "20") int dimension;
    @Option(names = "--examples", defaultValue = "4000") int examples;
    @Option(names = "--noise", defaultValue = "0.1", description = "label noise std") double noise;
    @Option(names = "--ridge", defaultValue = "0.01", description = "ℓ2 term ρ (strong convexity)") double ridge;
    @Option(names = {"--lr", "--learning-rate"}, defaultValue = "0.05", description = "constant step size α") double lr;
    @Option(names = "--momentum", defaultValue = "0.0") double momentum;
    @Option(names = "--batch-size", defaultValue = "8") int batch;
    @Option(names = "--late-fraction", defaultValue = "0.5", description = "share of links that are τ late") double lateFraction;
    @Option(names = "--seed", defaultValue = "1") long seed;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Settings s = new Settings(agents, dimension, examples, noise, ridge, lr, momentum, batch, steps, lateFraction, seed);
        List<Trajectory> runs = new TheoryCheck(s).run(TheoryCheck.Variant.defaults(), taus);
        AtomicFiles.writeString(output.resolve("theory.csv"), TheoryFigures.csv(runs));
        StringBuilder md = new StringBuilder("# Theory check: " + s + "\n\n");
        List<Figure> figures = new ArrayList<>(List.of(TheoryFigures.perStep(runs, false), TheoryFigures.perStep(runs, true),
                TheoryFigures.neighbourhood(runs), TheoryFigures.stepsToOnePercent(runs)));
        for (Figure f : figures) {
            Charts.writePng(f, output.resolve(f.stem() + ".png"));
            if (f.panels().size() == 1) {
                md.append(f.markdown(f.stem().equals("theory_steps") ? 0 : 5)).append('\n');
            }
        }
        AtomicFiles.writeString(output.resolve("theory.md"), md.toString());
        for (Trajectory t : runs) {
            out.printf(Locale.ROOT, "%-22s tau=%-2d  ||x̄-x*||: start %.3f, final neighbourhood %.2e, steps to 1%%: %s, consensus at end %.2e%n",
                    t.variant().label(), t.tau(), t.start(), t.neighbourhood(),
                    t.stepsToReach(0.01) < 0 ? "never" : Integer.toString(t.stepsToReach(0.01)), t.consensus()[t.consensus().length - 1]);
        }
        out.println("wrote " + output.resolve("theory.csv") + ", theory_*.png and theory.md");
        out.flush();
        return 0;
    }
}
