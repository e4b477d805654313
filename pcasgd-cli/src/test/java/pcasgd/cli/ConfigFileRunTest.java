package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.experiment.ConfigFiles;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;
import pcasgd.report.MetricsCsv;
import pcasgd.runtime.WireEncoding;

/**
 * Settings that only a YAML file or the command line reach, in short runs of {@code pcasgd train}:
 * the wire encoding of messages and a recorded delay trace. Four agents on a ring, 256 blobs in
 * batches of 16: 4 steps an epoch, a linear model, well under a second a run.
 */
class ConfigFileRunTest {
    static final String BASE = """
            dataset: blobs
            model: "mlp:"
            trainLimit: 256
            testLimit: 64
            agents: 4
            topology: ring
            batchSize: 16
            epochs: 3
            evalAgents: false
            """;

    /** Runs {@code train --config yaml} plus {@code extra}; returns the metrics rows by column. */
    static List<List<String>> train(Path tmp, Path yaml, String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--config", yaml.toString(), "--output", tmp.toString(), "--name", name));
        args.addAll(List.of(extra));
        TrainCommandTest.Result r = TrainCommandTest.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(tmp.resolve(name).resolve("metrics.csv"));
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(MetricsCsv.parseLine(line));
        }
        return rows;
    }

    static double column(List<String> row, String name) {
        return Double.parseDouble(row.get(MetricsCsv.COLUMNS.indexOf(name)));
    }

    @Test
    void bf16AndFp16FromTheConfigRoundTheMessagesOfARun(@TempDir Path tmp) throws Exception {
        Path yaml = Files.writeString(tmp.resolve("run.yaml"), BASE + "encoding: bf16\n");
        TrainConfig c = ConfigFiles.load(yaml, new TrainConfig());
        try (RunBuilder b = new RunBuilder()) {
            assertEquals(WireEncoding.BF16, b.simulation(c).encoding(), "the YAML key reaches the simulator");
        }
        List<List<String>> bf16 = train(tmp, yaml, "bf16");
        List<List<String>> fp16 = train(tmp, yaml, "fp16", "--set", "encoding=fp16");
        List<List<String>> fp32 = train(tmp, yaml, "fp32", "--set", "encoding=fp32");
        assertTrue(Files.readString(tmp.resolve("bf16").resolve("config.yaml")).contains("encoding: bf16"));
        assertTrue(Files.readString(tmp.resolve("fp16").resolve("config.yaml")).contains("encoding: fp16"));
        // only the messages are rounded, each value by at most 2^-8 (bf16) or 2^-11 (fp16) of itself: every epoch's
        // loss differs from the fp32 run's (the rounding reached the arithmetic) by less than that share of it, and
        // bf16's coarser rounding moves it further (measured: 2e-5 to 2e-4 and 3e-6 to 6e-6 of the loss)
        for (int e = 0; e < 3; e++) {
            double l32 = column(fp32.get(e), "train_loss");
            double dbf = Math.abs(column(bf16.get(e), "train_loss") - l32);
            double dfp = Math.abs(column(fp16.get(e), "train_loss") - l32);
            String what = "epoch " + (e + 1) + ": fp32 " + l32 + ", bf16 off by " + dbf + ", fp16 by " + dfp;
            assertTrue(dbf > 0 && dfp > 0, what);
            assertTrue(dbf < 0x1p-8 * l32 && dfp < 0x1p-11 * l32, what);
            assertTrue(dbf > dfp, what);
        }
    }

    @Test
    void aRecordedTraceFromTheConfigSetsTheAgesOfTheCopiesMixed(@TempDir Path tmp) throws Exception {
        // the link 0 -> 1 delivered every copy 2 steps late, every other link on time (links with no record are)
        StringBuilder trace = new StringBuilder("from,to,sent_step,age,bytes\n");
        for (int s = 0; s < 5; s++) {
            trace.append("0,1,").append(s).append(",2,104\n");
        }
        Path traceFile = Files.writeString(tmp.resolve("trace.csv"), trace);
        Path yaml = Files.writeString(tmp.resolve("run.yaml"), BASE + "delay: trace\ndelayTrace: " + traceFile + "\n");
        List<List<String>> rows = train(tmp, yaml, "trace");
        assertEquals(3, rows.size());
        // each step mixes 8 copies (4 agents, 2 neighbours). Agent 1's copy from 0 is the initial x0 (sent at -1) at
        // step 0, age 1, then still x0 at step 1, age 2, and from step 2 on the copy of k - 2, age 2; the other 7 are
        // of age 0. The lockstep rule calls a link late when either direction is: both directions of {0, 1}, 2 of 8.
        // Epoch 1 (steps 0-3): ages sum to 1 + 2 + 2 + 2 = 7 over 32 copies, 7 over its 8 late ones; later: 8 / 32, 8 / 8
        double[][] expected = {{0.25, 7.0 / 32, 7.0 / 8}, {0.25, 0.25, 1.0}, {0.25, 0.25, 1.0}};
        for (int e = 0; e < 3; e++) {
            List<String> row = rows.get(e);
            assertEquals(expected[e][0], column(row, "late_fraction"), 0.0, "late fraction, epoch " + (e + 1));
            assertEquals(expected[e][1], column(row, "copy_age"), 0.0, "mean age of the copies mixed, epoch " + (e + 1));
            assertEquals(expected[e][2], column(row, "late_age"), 0.0, "mean age of the late copies, epoch " + (e + 1));
        }
        assertTrue(Files.readString(tmp.resolve("trace").resolve("config.yaml")).contains("delay: trace"));
    }
}
