package pcasgd.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.LiveProgress;
import pcasgd.metrics.MetricValue;
import pcasgd.metrics.StandardMetrics;

/**
 * A {@link RunState} in the Prometheus text exposition format (version 0.0.4): one family per
 * quantity, each with its HELP and TYPE lines, every sample labelled with the run's name. Values of
 * the last finished epoch; a family whose value is not known yet has no samples, and a metric the
 * run did not measure (NaN) is written as {@code NaN}.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() { }

    public static String render(RunState s) {
        StringBuilder sb = new StringBuilder();
        String run = s.name();
        List<EpochMetrics> epochs = s.epochs();
        EpochMetrics last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);

        Map<String, String> info = new LinkedHashMap<>();
        info.put("run", run);
        info.put("method", String.valueOf(s.method()));
        info.put("runtime", s.runtime());
        info.put("topology", s.topology());
        family(sb, "pcasgd_run_info", "gauge", "The run's identity; always 1.");
        sample(sb, "pcasgd_run_info", info, 1);

        family(sb, "pcasgd_run_running", "gauge", "1 while the run trains, 0 before it starts and after it ends.");
        sample(sb, "pcasgd_run_running", run(run), s.status() == RunState.Status.RUNNING ? 1 : 0);
        family(sb, "pcasgd_agents", "gauge", "Agents in the run.");
        sample(sb, "pcasgd_agents", run(run), s.agents());
        family(sb, "pcasgd_links", "gauge", "Links of the communication graph.");
        sample(sb, "pcasgd_links", run(run), s.links().size());

        family(sb, "pcasgd_process_up", "gauge", "1 while the run's process (multi-process runs) runs, 0 once it ended.");
        for (RunState.ProcessInfo p : s.processes()) {
            Map<String, String> l = run(run);
            l.put("process", String.valueOf(p.index()));
            sample(sb, "pcasgd_process_up", l, p.status() == RunState.ProcessStatus.RUNNING ? 1 : 0);
        }
        family(sb, "pcasgd_process_exit_code", "gauge", "The exit status of the run's process that ended (multi-process runs).");
        for (RunState.ProcessInfo p : s.processes()) {
            if (p.exitCode() != null) {
                Map<String, String> l = run(run);
                l.put("process", String.valueOf(p.index()));
                sample(sb, "pcasgd_process_exit_code", l, p.exitCode());
            }
        }

        family(sb, "pcasgd_steps_total", "counter", "Global steps done (each agent's steps in the simulator; the slowest reachable agent's in the actor runtimes).");
        sample(sb, "pcasgd_steps_total", run(run), s.stepsDone());
        family(sb, "pcasgd_steps_planned", "gauge", "Global steps the run will do.");
        sample(sb, "pcasgd_steps_planned", run(run), s.stepsTotal());
        family(sb, "pcasgd_step_rate", "gauge", "Global steps per second over the last 5 seconds; 0 when not running.");
        sample(sb, "pcasgd_step_rate", run(run), s.stepRate());
        family(sb, "pcasgd_epochs_done", "gauge", "Epochs finished and evaluated.");
        sample(sb, "pcasgd_epochs_done", run(run), epochs.size());
        family(sb, "pcasgd_epochs_planned", "gauge", "Epochs the run will do.");
        sample(sb, "pcasgd_epochs_planned", run(run), s.epochsPlanned());

        scalar(sb, last, run, "pcasgd_test_accuracy", StandardMetrics.TEST_ACCURACY, "Test accuracy of the averaged model x̄ at the last epoch.");
        scalar(sb, last, run, "pcasgd_test_loss", StandardMetrics.TEST_LOSS, "Test loss of the averaged model x̄ at the last epoch.");
        scalar(sb, last, run, "pcasgd_train_loss", StandardMetrics.TRAIN_LOSS, "Mean minibatch loss of the last epoch, pooled over agents.");
        scalar(sb, last, run, "pcasgd_consensus_distance", StandardMetrics.CONSENSUS_DISTANCE, "RMS distance of the agents' weights from x̄ at the last epoch.");
        scalar(sb, last, run, "pcasgd_copy_age_steps", StandardMetrics.COPY_AGE, "Mean age in steps of the neighbour copies used in the last epoch.");
        scalar(sb, last, run, "pcasgd_late_copy_age_steps", StandardMetrics.LATE_AGE, "Mean age in steps of the late copies used in the last epoch.");
        scalar(sb, last, run, "pcasgd_late_share", StandardMetrics.LATE_FRACTION, "Share of the neighbour copies used in the last epoch that came over a late link.");

        family(sb, "pcasgd_agent_test_accuracy", "gauge", "Each agent's own test accuracy at the last epoch (runs that evaluate agents).");
        if (last != null) {
            MetricValue v = last.value(StandardMetrics.AGENT_ACCURACIES);
            if (v.isList()) {
                for (int k = 0; k < v.list().length; k++) {
                    Map<String, String> l = run(run);
                    l.put("agent", v.labels().get(k));
                    sample(sb, "pcasgd_agent_test_accuracy", l, v.list()[k]);
                }
            }
        }

        LiveProgress live = s.live();
        List<LiveProgress.Agent> liveAgents = live == null ? List.of() : live.agents();
        List<LiveProgress.Link> liveLinks = live == null ? List.of() : live.links();
        family(sb, "pcasgd_agent_step", "gauge", "Each agent's steps done, live (actor runtimes).");
        for (LiveProgress.Agent a : liveAgents) {
            sample(sb, "pcasgd_agent_step", agent(run, a.agent()), a.step());
        }
        family(sb, "pcasgd_agent_step_rate", "gauge", "Each agent's steps per second over its last report (actor runtimes).");
        for (LiveProgress.Agent a : liveAgents) {
            sample(sb, "pcasgd_agent_step_rate", agent(run, a.agent()), a.stepsPerSecond());
        }
        family(sb, "pcasgd_link_copy_age_steps", "gauge", "Mean age in the receiver's steps of the copies that arrived over each"
                + " directed link, in the receiver's last report with any (actor runtimes).");
        for (LiveProgress.Link k : liveLinks) {
            sample(sb, "pcasgd_link_copy_age_steps", link(run, k), k.meanAgeSteps());
        }
        family(sb, "pcasgd_link_bytes_per_second", "gauge", "Bytes of copies acknowledged per second over each directed link,"
                + " in the sender's last report (actor runtimes).");
        for (LiveProgress.Link k : liveLinks) {
            sample(sb, "pcasgd_link_bytes_per_second", link(run, k), k.bytesPerSecond());
        }
        family(sb, "pcasgd_member_up", "gauge", "1 while a process of a cluster run is an up member of its cluster, 0 otherwise"
                + " (as the coordinator's process sees it).");
        if (live != null) {
            for (LiveProgress.Process p : live.processes()) {
                Map<String, String> l = run(run);
                l.put("process", p.address());
                sample(sb, "pcasgd_member_up", l, "up".equals(p.status()) ? 1 : 0);
            }
        }

        family(sb, "pcasgd_epoch_metric", "gauge", "Every scalar metric of the last epoch, by its metrics.csv column.");
        if (last != null) {
            for (Map.Entry<String, MetricValue> e : last.values().entrySet()) {
                if (!e.getValue().isList()) {
                    Map<String, String> l = run(run);
                    l.put("metric", e.getKey());
                    sample(sb, "pcasgd_epoch_metric", l, e.getValue().scalar());
                }
            }
        }
        return sb.toString();
    }

    private static void scalar(StringBuilder sb, EpochMetrics last, String run, String family, String metric, String help) {
        family(sb, family, "gauge", help);
        if (last != null && last.values().containsKey(metric)) {
            sample(sb, family, run(run), last.scalar(metric));
        }
    }

    private static Map<String, String> agent(String run, int agent) {
        Map<String, String> l = run(run);
        l.put("agent", String.valueOf(agent));
        return l;
    }

    private static Map<String, String> link(String run, LiveProgress.Link k) {
        Map<String, String> l = run(run);
        l.put("from", String.valueOf(k.from()));
        l.put("to", String.valueOf(k.to()));
        return l;
    }

    private static Map<String, String> run(String run) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("run", run);
        return l;
    }

    private static void family(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder sb, String name, Map<String, String> labels, double value) {
        sb.append(name);
        if (!labels.isEmpty()) {
            List<String> parts = new ArrayList<>();
            labels.forEach((k, v) -> parts.add(k + "=\"" + escape(v) + "\""));
            sb.append('{').append(String.join(",", parts)).append('}');
        }
        sb.append(' ').append(number(value)).append('\n');
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", Double.toString(v));
    }
}
