package pcasgd.runtime.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.function.Function;
import pcasgd.api.TlsSettings;
import pcasgd.runtime.WireEncoding;

/**
 * Builds the actor system's configuration: system properties, then the per-run values (run id,
 * provider, address, seeds, TLS), then {@code pcasgd/cluster/pcasgd-cluster.conf}, then the usual
 * application/reference configs.
 */
public final class PekkoConfig {
    static final String RESOURCE = "pcasgd/cluster/pcasgd-cluster.conf";

    private PekkoConfig() { }

    /** The actor system's name; Pekko refuses joins between systems of different names, i.e. different runs. */
    public static String systemName(String runId) {
        return "pcasgd-" + runId;
    }

    public static Config local(String runId, int agents) {
        Config run = ConfigFactory.empty()
                .withValue("pcasgd.run-id", ConfigValueFactory.fromAnyRef(runId))
                .withValue("pcasgd.agents", ConfigValueFactory.fromAnyRef(agents))
                .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("local"));
        return assemble(run);
    }

    /**
     * A cluster node at {@code host:port} (port 0: any free one) that joins {@code seeds}
     * ("host:port" each; the first seed started forms the cluster). Plain TCP: for loopback and
     * trusted networks only; see {@link #cluster(String, int, String, int, List, TlsSettings)}.
     */
    public static Config cluster(String runId, int agents, String host, int port, List<String> seeds) {
        return assemble(clusterRun(runId, agents, host, port, seeds));
    }

    /**
     * The same node over mutually authenticated TLS ({@code transport = tls-tcp}): only nodes with
     * a certificate the trust store accepts can join or deliver a message. Fails here, with the
     * path in the message, when a store or the password is missing or wrong.
     */
    public static Config cluster(String runId, int agents, String host, int port, List<String> seeds, TlsSettings tls) {
        if (tls == null) {
            throw new IllegalArgumentException("tls must be given; use the overload without it for plain TCP");
        }
        return assemble(tls(tls, System::getenv).withFallback(clusterRun(runId, agents, host, port, seeds)));
    }

    /**
     * The {@code pekko.remote.artery} settings for TLS, after checking that both stores exist and
     * open with the password, so a wrong path or password fails here with its name, not later as a
     * cluster that silently never forms.
     */
    static Config tls(TlsSettings tls, Function<String, String> env) {
        String password = tls.checkedPassword(env);
        String ssl = "pekko.remote.artery.ssl.config-ssl-engine.";
        return ConfigFactory.empty()
                .withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
                .withValue("pekko.remote.artery.ssl.ssl-engine-provider",
                        ConfigValueFactory.fromAnyRef("org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider"))
                .withValue(ssl + "key-store", ConfigValueFactory.fromAnyRef(tls.keyStore().toAbsolutePath().toString()))
                .withValue(ssl + "trust-store", ConfigValueFactory.fromAnyRef(tls.trustStore().toAbsolutePath().toString()))
                .withValue(ssl + "key-store-password", ConfigValueFactory.fromAnyRef(password))
                .withValue(ssl + "key-password", ConfigValueFactory.fromAnyRef(password))
                .withValue(ssl + "trust-store-password", ConfigValueFactory.fromAnyRef(password))
                .withValue(ssl + "protocol", ConfigValueFactory.fromAnyRef(tls.protocol()))
                .withValue(ssl + "enabled-algorithms", ConfigValueFactory.fromIterable(tls.enabledAlgorithms()))
                .withValue(ssl + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true))
                .withValue(ssl + "hostname-verification", ConfigValueFactory.fromAnyRef(tls.hostnameVerification()));
    }

    private static Config clusterRun(String runId, int agents, String host, int port, List<String> seeds) {
        List<String> seedUris = seeds.stream().map(s -> "pekko://" + systemName(runId) + "@" + checkHostPort(s)).toList();
        return ConfigFactory.empty()
                .withValue("pcasgd.run-id", ConfigValueFactory.fromAnyRef(runId))
                .withValue("pcasgd.agents", ConfigValueFactory.fromAnyRef(agents))
                .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("cluster"))
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedUris));
    }

    /** The config with the encoding of outgoing parameter messages set (what {@link ParamsSerializer} writes). */
    /** {@code pcasgd.encoding} of an actor system's config; fp32 where it is not set. */
    public static WireEncoding encoding(Config config) {
        return config.hasPath(WireEncoding.CONFIG_PATH) ? WireEncoding.parse(config.getString(WireEncoding.CONFIG_PATH)) : WireEncoding.FP32;
    }

    public static Config withEncoding(Config config, WireEncoding encoding) {
        return config.withValue(WireEncoding.CONFIG_PATH, ConfigValueFactory.fromAnyRef(encoding.toString()));
    }

    /** The cluster role a process hosting a coordinator carries, so every member knows where coordinators are. */
    static final String COORDINATOR_ROLE = "coordinator";

    /**
     * The config of a process that hosts a coordinator. Roles travel in the membership a node
     * receives when it joins, so a second coordinator knows of the first from its first moment.
     */
    public static Config withCoordinatorRole(Config config) {
        return config.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(List.of(COORDINATOR_ROLE)));
    }

    private static Config assemble(Config run) {
        return ConfigFactory.systemProperties()
                .withFallback(run)
                .withFallback(ConfigFactory.parseResources(PekkoConfig.class.getClassLoader(), RESOURCE))
                .withFallback(ConfigFactory.load())
                .resolve();
    }

    private static String checkHostPort(String s) {
        String t = s.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("seed node must be host:port, got '" + s + "'");
        }
        try {
            int p = Integer.parseInt(t.substring(colon + 1));
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed node port must be 1-65535, got '" + s + "'");
        }
        return t;
    }
}
