package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.GeneratedDocTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrontendSettingsTest {
    private static final String URL = "jdbc:obproxy://127.0.0.1:2881/test";

    @TempDir
    Path dir;

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> FrontendSettings.parse(args)).getMessage();
    }

    @Test
    void defaultsApplyToWhatIsNotGiven() throws IOException {
        FrontendSettings s = FrontendSettings.parse("--url", URL);
        assertEquals("127.0.0.1", s.listenHost());
        assertEquals(2883, s.listenPort());
        assertEquals(10_000, s.maxConnections());
        assertEquals(28_800_000, s.idleTimeoutMillis());
        assertEquals(64 << 20, s.maxPacketBytes());
        assertNull(s.users().user("root"));
        assertTrue(s.localInfile());
        assertFalse(FrontendSettings.parse("--url", URL, "--local-infile", "OFF").localInfile());
    }

    @Test
    void aBadValueNamesTheOptionTheValueAndWhatIsAllowed() {
        assertEquals("--url is missing (expected: jdbc:obproxy://host:port[,host:port...]/database)", error());
        assertEquals("--url 'jdbc:mysql://h/db' is not a jdbc:obproxy:// URL (expected: jdbc:obproxy://host:port[,host:port...]/database)",
                error("--url", "jdbc:mysql://h/db"));
        assertEquals("--url: remove 'password': clients log in with their own credentials (to give them others, map"
                + " them with --users)", error("--url", URL + "?routePolicy=FOLLOWER_FIRST&password=x"));
        assertEquals("--max-connections 'many': expected an integer from 1 to 1000000",
                error("--url", URL, "--max-connections", "many"));
        assertEquals("--listen '0.0.0.0:99999': port '99999' (expected: 0..65535)", error("--url", URL, "--listen", "0.0.0.0:99999"));
        assertEquals("--listen '2883': expected host:port", error("--url", URL, "--listen", "2883"));
        assertEquals("unknown argument '--port' (--help lists the options)", error("--url", URL, "--port", "1"));
        assertEquals("--idle-timeout needs a value", error("--url", URL, "--idle-timeout"));
        assertEquals("--tls-cert and --tls-key go together", error("--url", URL, "--tls-cert", "c.pem"));
        assertEquals("--local-infile 'yes': expected on or off", error("--url", URL, "--local-infile", "yes"));
    }

    @Test
    void metricsAreServedOnlyWhereAsked() throws IOException {
        assertNull(FrontendSettings.parse("--url", URL).metricsListen());
        InetSocketAddress at = FrontendSettings.parse("--url", URL, "--metrics-listen", "127.0.0.1:9187").metricsListen();
        assertEquals("127.0.0.1", at.getHostString());
        assertEquals(9187, at.getPort());
        assertEquals("--metrics-listen '9187': expected host:port", error("--url", URL, "--metrics-listen", "9187"));
        assertEquals("--metrics-listen 'h:x': port 'x' (expected: 0..65535)", error("--url", URL, "--metrics-listen", "h:x"));
    }

    @Test
    void aConfigFileGivesOptionsAndTheCommandLineWins() throws IOException {
        Path config = dir.resolve("frontend.properties");
        Files.writeString(config, "# front end\nurl=" + URL + "\nlisten=0.0.0.0:3306\nmax-connections = 50\n");
        FrontendSettings s = FrontendSettings.parse("--config", config.toString(), "--max-connections", "60");
        assertEquals("0.0.0.0", s.listenHost());
        assertEquals(3306, s.listenPort());
        assertEquals(60, s.maxConnections());
        Files.writeString(config, "url=" + URL + "\nmax_connections=5\n");
        assertEquals(config + ": unknown option 'max_connections' (--help lists the options)",
                error("--config", config.toString()));
    }

    @Test
    void theUsersFileMapsLoginsToClusterCredentials() throws IOException {
        Path users = dir.resolve("users");
        Files.writeString(users, "# login password [cluster-login cluster-password]\napp secret\n"
                + "report r3port reader@tenant#cluster s3cret\n\n");
        FrontendSettings s = FrontendSettings.parse("--url", URL, "--users", users.toString());
        assertEquals(new UsersFile.User("secret", "app", "secret"), s.users().user("app"));
        assertEquals(new UsersFile.User("r3port", "reader@tenant#cluster", "s3cret"), s.users().user("report"));
        Files.writeString(users, "app secret extra\n");
        assertEquals(users + " line 1: 3 fields (expected: login password [cluster-login cluster-password])",
                error("--url", URL, "--users", users.toString()));
    }

    /** docs/frontend.md's option table is generated; run with -Dobproxy.updateDocs=true to rewrite it. */
    @Test
    void theOptionTableInTheDocsIsCurrent() throws IOException {
        GeneratedDocTable.check("frontend.md", "<!-- options: generated from FrontendOption by FrontendSettingsTest -->\n",
                "<!-- end of options -->", FrontendOption.markdownTable());
    }

    @Test
    void helpListsEveryOption() {
        String help = FrontendOption.help();
        for (FrontendOption o : FrontendOption.values()) {
            assertTrue(help.contains("--" + o.optionName() + " "), o.optionName());
        }
    }
}
