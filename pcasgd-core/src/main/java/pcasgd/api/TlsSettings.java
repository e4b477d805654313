package pcasgd.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * TLS for Artery ({@code transport = tls-tcp}) with mutual authentication: every node presents
 * the certificate in {@code keyStore} and accepts only peers whose certificate {@code trustStore}
 * vouches for — that, not the run id, is what keeps strangers out (docs/security.md has the
 * {@code keytool} recipe). One password opens the key store, its key and the trust store; it is
 * read from a file or an environment variable, never from the command line (which other local
 * users can read in {@code /proc}).
 *
 * <pre>{@code
 * TlsSettings tls = TlsSettings.passwordFile(Path.of("keystore.p12"), Path.of("truststore.p12"), Path.of("tls.pass"));
 * Config c = PekkoConfig.cluster(runId, agents, host, port, seeds, tls);
 * }</pre>
 *
 * @param keyStore             PKCS12 (or JKS) store holding this node's private key and certificate
 * @param trustStore           store holding the certificate(s) a peer must be signed by (or be)
 * @param passwordFile         file whose content (one trailing newline ignored) is the password; or null
 * @param passwordEnv          environment variable holding the password; or null (exactly one of the two)
 * @param protocol             {@code TLSv1.3} (default) or {@code TLSv1.2}
 * @param hostnameVerification check that the peer's certificate names the host connected to (needs
 *                             SANs for every node's address; off by default: a run certificate
 *                             shared by all nodes usually names none)
 */
public record TlsSettings(Path keyStore, Path trustStore, Path passwordFile, String passwordEnv,
                          String protocol, boolean hostnameVerification) {
    /** The variable {@code pcasgd} tooling uses by convention. */
    public static final String DEFAULT_PASSWORD_ENV = "PCASGD_TLS_PASSWORD";

    // TLS 1.3 suites do not depend on the key type; the 1.2 list covers EC and RSA keys with
    // forward secrecy (Pekko's own default list has a non-forward-secret RSA suite)
    private static final Map<String, List<String>> ALGORITHMS = Map.of(
            "TLSv1.3", List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"),
            "TLSv1.2", List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));

    /**
     * Checks the settings; the stores and the password are read only by {@link #password} and
     * {@link #checkedPassword}.
     *
     * @param keyStore             PKCS12 (or JKS) store holding this node's private key and certificate
     * @param trustStore           store holding the certificate(s) a peer must be signed by (or be)
     * @param passwordFile         file whose content is the password; or null
     * @param passwordEnv          environment variable holding the password; or null (exactly one of the two)
     * @param protocol             {@code TLSv1.3} or {@code TLSv1.2}
     * @param hostnameVerification whether to check that the peer's certificate names the host connected to
     * @throws IllegalArgumentException if a store is missing, not exactly one password source is
     *                                  given, or the protocol is neither of the two
     */
    public TlsSettings {
        if (keyStore == null || trustStore == null) {
            throw new IllegalArgumentException("TLS needs both a key store and a trust store");
        }
        if ((passwordFile == null) == (passwordEnv == null || passwordEnv.isBlank())) {
            throw new IllegalArgumentException("TLS needs exactly one password source: a file or an environment variable");
        }
        if (!ALGORITHMS.containsKey(protocol)) {
            throw new IllegalArgumentException("TLS protocol must be TLSv1.3 or TLSv1.2, got '" + protocol + "'");
        }
    }

    /**
     * Stores and a password file; TLSv1.3, no hostname verification.
     *
     * @param keyStore     PKCS12 (or JKS) store holding this node's private key and certificate
     * @param trustStore   store holding the certificate(s) a peer must be signed by (or be)
     * @param passwordFile file whose content (one trailing newline ignored) is the password of both stores
     * @return the settings
     */
    public static TlsSettings passwordFile(Path keyStore, Path trustStore, Path passwordFile) {
        return new TlsSettings(keyStore, trustStore, passwordFile, null, "TLSv1.3", false);
    }

    /**
     * Stores and the name of an environment variable holding the password; TLSv1.3, no hostname verification.
     *
     * @param keyStore   PKCS12 (or JKS) store holding this node's private key and certificate
     * @param trustStore store holding the certificate(s) a peer must be signed by (or be)
     * @param variable   the environment variable holding the password of both stores, by convention
     *                   {@link #DEFAULT_PASSWORD_ENV}
     * @return the settings
     */
    public static TlsSettings passwordEnv(Path keyStore, Path trustStore, String variable) {
        return new TlsSettings(keyStore, trustStore, null, variable, "TLSv1.3", false);
    }

    /**
     * The same settings with another protocol version.
     *
     * @param p {@code TLSv1.3} (the default) or {@code TLSv1.2}
     * @return the changed copy
     * @throws IllegalArgumentException for any other protocol
     */
    public TlsSettings withProtocol(String p) {
        return new TlsSettings(keyStore, trustStore, passwordFile, passwordEnv, p, hostnameVerification);
    }

    /**
     * The same settings with hostname verification switched on or off: with it, a peer's
     * certificate must name the host connected to (SANs for every node's address).
     *
     * @param on whether to verify (off by default: a run certificate shared by all nodes usually names none)
     * @return the changed copy
     */
    public TlsSettings withHostnameVerification(boolean on) {
        return new TlsSettings(keyStore, trustStore, passwordFile, passwordEnv, protocol, on);
    }

    /**
     * Reads the password and checks that the key store holds a private key and the trust store a
     * certificate, so a misconfigured process fails before it joins anyone.
     *
     * @param env the environment to read a password variable from (e.g. {@code System::getenv})
     * @return the stores' password
     * @throws IllegalArgumentException naming the file or variable at fault
     */
    public String checkedPassword(Function<String, String> env) {
        String password = password(env);
        KeyStore keys = load("key store", keyStore, password);
        KeyStore trusted = load("trust store", trustStore, password);
        try {
            if (Collections.list(keys.aliases()).stream().noneMatch(a -> isKey(keys, a))) {
                throw new IllegalArgumentException("TLS key store " + keyStore + " holds no private key entry");
            }
            if (trusted.size() == 0) {
                throw new IllegalArgumentException("TLS trust store " + trustStore + " holds no certificate");
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException("cannot inspect TLS stores: " + e.getMessage(), e);
        }
        return password;
    }

    /**
     * The cipher suites allowed with this protocol.
     *
     * @return the suites' names
     */
    public List<String> enabledAlgorithms() {
        return ALGORITHMS.get(protocol);
    }

    /**
     * The stores' password from the file or the environment variable.
     *
     * @param env the environment to read a password variable from
     * @return the password
     */
    public String password(Function<String, String> env) {
        String p;
        if (passwordFile != null) {
            if (!Files.isRegularFile(passwordFile)) {
                throw new IllegalArgumentException("TLS password file " + passwordFile.toAbsolutePath() + " does not exist");
            }
            try {
                p = Files.readString(passwordFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read TLS password file " + passwordFile.toAbsolutePath() + ": " + e, e);
            }
            // editors and `echo` add one line end; anything else is part of the password
            if (p.endsWith("\r\n")) {
                p = p.substring(0, p.length() - 2);
            } else if (p.endsWith("\n")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("TLS password file " + passwordFile.toAbsolutePath() + " is empty");
            }
            // keytool -storepass:file reads only the first line; a second one would silently differ
            if (p.indexOf('\n') >= 0 || p.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("TLS password file " + passwordFile.toAbsolutePath()
                        + " must hold the password on a single line");
            }
        } else {
            p = env.apply(passwordEnv);
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("TLS password environment variable " + passwordEnv + " is not set or empty");
            }
        }
        return p;
    }

    private static KeyStore load(String what, Path file, String password) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("TLS " + what + " " + file.toAbsolutePath() + " does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            // the same type Pekko's ConfigSSLEngineProvider loads (PKCS12 on Java 9+, which also reads JKS)
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS " + what + " " + file.toAbsolutePath()
                    + " cannot be opened (wrong password, or not a PKCS12/JKS store): " + e.getMessage(), e);
        }
    }

    private static boolean isKey(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (KeyStoreException e) {
            return false;
        }
    }
}
