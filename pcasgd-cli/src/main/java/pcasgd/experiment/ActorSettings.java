package pcasgd.experiment;

import java.nio.file.Path;
import pcasgd.api.ClusterSettings;
import pcasgd.api.LinkLatency;
import pcasgd.api.TlsSettings;

/** The actor runtimes' settings from a config: one place, shared by {@code train --runtime local}, {@code agent} and {@code launch}. */
public final class ActorSettings {
    private ActorSettings() { }

    public static ClusterSettings from(TrainConfig c, boolean resume) {
        double[] slow = new double[c.agents()];
        java.util.Arrays.fill(slow, 1.0);
        for (int s : c.stragglers()) {
            if (s < 0 || s >= c.agents()) {
                throw new ConfigException("straggler id " + s + " is outside [0, " + c.agents() + ")");
            }
            slow[s] = c.stragglerFactor();
        }
        try {
            return ClusterSettings.builder(c.runId())
                    .latency(c.linkDelayMs() > 0 ? LinkLatency.constant(c.linkDelayMs()) : LinkLatency.NONE)
                    .slowFactors(slow)
                    .computePadMillis(c.computePadMs())
                    .maxSkew(c.maxSkew())
                    .linkInFlight(c.linkInFlight())
                    .sendEvery(c.sendEvery())
                    .checkpoints(checkpointDir(c), c.checkpointEvery())
                    .traceDir(RunDirectory.of(c).path())
                    .resume(resume)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /**
     * Artery TLS from the config's {@code tlsKeyStore}, {@code tlsTrustStore} and {@code tlsPasswordFile}
     * (or, when that is empty, the {@value TlsSettings#DEFAULT_PASSWORD_ENV} environment variable);
     * null when the stores are not set (plain TCP).
     */
    public static TlsSettings tls(TrainConfig c) {
        if (c.tlsKeyStore().isEmpty() && c.tlsTrustStore().isEmpty()) {
            return null;
        }
        try {
            Path keys = Path.of(c.tlsKeyStore());
            Path trust = Path.of(c.tlsTrustStore());
            return c.tlsPasswordFile().isEmpty()
                    ? TlsSettings.passwordEnv(keys, trust, TlsSettings.DEFAULT_PASSWORD_ENV)
                    : TlsSettings.passwordFile(keys, trust, Path.of(c.tlsPasswordFile()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    public static Path checkpointDir(TrainConfig c) {
        return RunDirectory.of(c).path().resolve("checkpoints");
    }
}
