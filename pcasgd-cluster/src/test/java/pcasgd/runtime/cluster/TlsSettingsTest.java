package pcasgd.runtime.cluster;

import pcasgd.api.TlsSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clear errors for every way TLS settings can be wrong, before any actor system starts. */
class TlsSettingsTest {
    @TempDir Path dir;

    private Path emptyStore(String name, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            ks.store(out, password.toCharArray());
        }
        return p;
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void missingStoreNamesThePath() throws Exception {
        Path pass = Files.writeString(dir.resolve("pass"), "secret\n");
        Path trust = emptyStore("trust.p12", "secret");
        TlsSettings tls = TlsSettings.passwordFile(dir.resolve("nope.p12"), trust, pass);
        String m = message(() -> PekkoConfig.tls(tls, System::getenv));
        assertTrue(m.contains("key store") && m.contains("nope.p12") && m.contains("does not exist"), m);

        TlsSettings noTrust = TlsSettings.passwordFile(trust, dir.resolve("gone.p12"), pass);
        String m2 = message(() -> PekkoConfig.tls(noTrust, System::getenv));
        assertTrue(m2.contains("trust store") && m2.contains("gone.p12"), m2);
    }

    @Test
    void passwordFileProblemsAreNamed() throws Exception {
        Path store = emptyStore("s.p12", "secret");
        String missing = message(() -> PekkoConfig.tls(TlsSettings.passwordFile(store, store, dir.resolve("no-pass")), System::getenv));
        assertTrue(missing.contains("password file") && missing.contains("no-pass") && missing.contains("does not exist"), missing);

        Path empty = Files.writeString(dir.resolve("empty-pass"), "\n");
        String e = message(() -> PekkoConfig.tls(TlsSettings.passwordFile(store, store, empty), System::getenv));
        assertTrue(e.contains("is empty"), e);

        Path twoLines = Files.writeString(dir.resolve("two-lines"), "first\nsecond\n");
        String t = message(() -> PekkoConfig.tls(TlsSettings.passwordFile(store, store, twoLines), System::getenv));
        assertTrue(t.contains("single line"), t);
    }

    @Test
    void passwordFromFileDropsOneLineEndOnly() throws Exception {
        Path store = emptyStore("s.p12", "x");
        Path f = Files.writeString(dir.resolve("p"), " pass word \r\n");
        assertEquals(" pass word ", TlsSettings.passwordFile(store, store, f).password(v -> null));
    }

    @Test
    void passwordFromEnvironment() throws Exception {
        Path store = emptyStore("s.p12", "x");
        TlsSettings tls = TlsSettings.passwordEnv(store, store, TlsSettings.DEFAULT_PASSWORD_ENV);
        assertEquals("from-env", tls.password(Map.of(TlsSettings.DEFAULT_PASSWORD_ENV, "from-env")::get));
        String m = message(() -> tls.password(v -> null));
        assertTrue(m.contains(TlsSettings.DEFAULT_PASSWORD_ENV) && m.contains("not set"), m);
    }

    @Test
    void wrongPasswordAndKeylessStoreAreNamed() throws Exception {
        Path store = emptyStore("s.p12", "right");
        Path wrong = Files.writeString(dir.resolve("wrong"), "wrong");
        String m = message(() -> PekkoConfig.tls(TlsSettings.passwordFile(store, store, wrong), System::getenv));
        assertTrue(m.contains("cannot be opened") && m.contains("s.p12"), m);

        Path right = Files.writeString(dir.resolve("right"), "right");
        String k = message(() -> PekkoConfig.tls(TlsSettings.passwordFile(store, store, right), System::getenv));
        assertTrue(k.contains("no private key entry"), k);
    }

    @Test
    void settingsAreCheckedWhenBuilt() {
        Path p = Path.of("x.p12");
        assertTrue(message(() -> new TlsSettings(p, p, null, null, "TLSv1.3", false)).contains("exactly one password source"));
        assertTrue(message(() -> new TlsSettings(p, p, p, "VAR", "TLSv1.3", false)).contains("exactly one password source"));
        assertTrue(message(() -> TlsSettings.passwordEnv(p, p, "V").withProtocol("SSLv3")).contains("TLSv1.3 or TLSv1.2"));
        assertTrue(message(() -> TlsSettings.passwordEnv(null, p, "V")).contains("key store and a trust store"));
    }

    @Test
    void plainClusterConfigStaysTcp() {
        Config c = PekkoConfig.cluster("plain", 2, "127.0.0.1", 0, List.of("127.0.0.1:2552"));
        assertEquals("tcp", c.getString("pekko.remote.artery.transport"));
        assertThrows(IllegalArgumentException.class,
                () -> PekkoConfig.cluster("plain", 2, "127.0.0.1", 0, List.of("127.0.0.1:2552"), null));
    }
}
