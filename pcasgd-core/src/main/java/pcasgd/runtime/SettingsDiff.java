package pcasgd.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Names the settings in which a process differs from its run, one entry each: {@code agents: run has 4, this process has 6}. */
public final class SettingsDiff {
    private SettingsDiff() { }

    public static List<String> differences(Map<String, String> run, Map<String, String> process) {
        TreeSet<String> keys = new TreeSet<>(run.keySet());
        keys.addAll(process.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String theirs = run.get(k);
            String mine = process.get(k);
            if (theirs == null || !theirs.equals(mine)) {
                out.add(k + ": run has " + show(theirs) + ", this process has " + show(mine));
            }
        }
        return out;
    }

    private static String show(String v) {
        if (v == null) {
            return "no such setting";
        }
        return v.isEmpty() ? "''" : v;
    }
}
