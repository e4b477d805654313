package pcasgd.bench.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import pcasgd.runtime.cluster.Checkpoint;

/**
 * Loads every agent checkpoint in the given folders with {@link Checkpoint#read}, as {@code agent
 * --resume} does, and checks what a resumed agent relies on: the file is a whole checkpoint of the
 * agent its name says, of the same run and dimension as the others, with finite x and velocity.
 * Also reports temporary files an interrupted write left behind:
 *
 * <pre>java -cp target/pcasgd-bench.jar pcasgd.bench.tools.CheckCheckpoints [EPOCHS] DIR...</pre>
 *
 * (a leading number is ignored: chaos.sh passes the run's epochs for the record). Exit status 0 when
 * every file loads and checks out, 1 otherwise.
 */
public class CheckCheckpoints {
    private static final Pattern NAME = Pattern.compile("agent-(\\d+)\\.ckpt");

    public static void main(String[] args) throws Exception {
        List<Path> dirs = new ArrayList<>();
        for (String a : args) {
            if (!a.matches("\\d+")) {
                dirs.add(Path.of(a));
            }
        }
        int files = 0;
        int bad = 0;
        int temps = 0;
        String runId = null;
        int dimension = -1;
        for (Path dir : dirs) {
            List<Path> entries;
            try (Stream<Path> s = Files.list(dir)) {
                entries = s.sorted().toList();
            }
            for (Path f : entries) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    temps++;
                    System.out.println(f + ": temporary file left by an interrupted write (ignored by --resume)");
                    continue;
                }
                Matcher m = NAME.matcher(name);
                if (!m.matches()) {
                    continue;
                }
                files++;
                int agent = Integer.parseInt(m.group(1));
                String problem;
                String what = "";
                try {
                    Checkpoint c = Checkpoint.read(dir, agent).orElseThrow();
                    what = "run " + c.runId() + ", agent " + c.agent() + ", step " + c.step() + ", " + c.params().length
                            + " parameters";
                    runId = runId == null ? c.runId() : runId;
                    dimension = dimension < 0 ? c.params().length : dimension;
                    if (c.agent() != agent) {
                        problem = "holds agent " + c.agent();
                    } else if (!c.runId().equals(runId)) {
                        problem = "of run " + c.runId() + ", the others of " + runId;
                    } else if (c.params().length != dimension || c.velocity().length != dimension) {
                        problem = "dimension " + c.params().length + ", the others " + dimension;
                    } else if (c.step() < 0) {
                        problem = "negative step";
                    } else if (!finite(c.params()) || !finite(c.velocity())) {
                        problem = "non-finite values";
                    } else {
                        problem = null;
                    }
                } catch (Exception e) {
                    problem = "cannot be read: " + e;
                }
                if (problem != null) {
                    bad++;
                }
                System.out.println(f + ": " + what + (problem == null ? ": loads, OK" : ": BAD, " + problem));
            }
        }
        System.out.println("checkpoints: " + files + " files in " + dirs.size() + " folders, " + (files - bad) + " load and check out, "
                + bad + " bad, " + temps + " temporary files left");
        System.exit(bad == 0 && files > 0 ? 0 : 1);
    }

    private static boolean finite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
