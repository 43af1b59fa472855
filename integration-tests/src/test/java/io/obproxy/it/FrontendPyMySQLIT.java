package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyMySQL from /usr/bin/python3 (Debian's python3-pymysql) through the front end: transactions and
 * autocommit, lastrowid, unicode, every byte value, NULLs, decimals, dates and times, executemany,
 * error codes, an unbuffered cursor (resources/frontend/pymysql_client.py asserts each); and
 * caching_sha2_password pass-through logins, over TLS and with RSA, checked by the cluster.
 */
@ExtendWith(FrontendExtension.class)
class FrontendPyMySQLIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String APP_USER = FrontendEndpoint.APP_USER;
    private static final String APP_PASSWORD = FrontendEndpoint.APP_PASSWORD;
    private final FrontendEndpoint fe;

    FrontendPyMySQLIT(FrontendEndpoint fe) {
        this.fe = fe;
    }

    private static ExternalClient.Result python(String script, String... args) throws Exception {
        ExternalClient.require("python3", "python3-pymysql");
        String[] command = new String[args.length + 3];
        command[0] = PYTHON;
        command[1] = "-c";
        command[2] = script;
        System.arraycopy(args, 0, command, 3, args.length);
        return ExternalClient.run(Duration.ofSeconds(120), null, command);
    }

    @Test
    void everyCheckOfTheClientScriptPasses(@TempDir Path dir) throws Exception {
        String table = Sql.createTable(fe.cluster(), "py", "id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50)"
                + " CHARACTER SET utf8mb4, data VARBINARY(300), price DECIMAL(20,6), born DATE, at DATETIME(6), dur TIME,"
                + " flag TINYINT, big BIGINT UNSIGNED, ratio DOUBLE");
        Path script = dir.resolve("pymysql_client.py");
        try (InputStream in = getClass().getResourceAsStream("/frontend/pymysql_client.py")) {
            Files.copy(in, script);
        }
        ExternalClient.Result r = ExternalClient.run(Duration.ofSeconds(120), null, PYTHON, script.toString(),
                "127.0.0.1", Integer.toString(fe.port()), fe.user(), fe.password(), "test", table);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().endsWith("all checks passed\n"), r.out());
        assertEquals(9, r.out().split("\nok: ", -1).length, r.out());
    }

    private static final String NO_BACKSLASH_ESCAPES = String.join("\n",
            "import sys, pymysql",
            "c = pymysql.connect(host='127.0.0.1', port=int(sys.argv[1]), user=sys.argv[2], password=sys.argv[3],",
            "                    database='test')",
            "cur = c.cursor()",
            "cur.execute(\"SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'\")",
            "print('flag', c.server_status & 0x0200)",
            "cur.execute('SELECT %s', (\"a\\\\b'c\",))",
            "print('value', cur.fetchone()[0])",
            "cur.execute('SELECT HEX(%s)', (b\"\\xfe\\\\\\\\'\\x00\",))",
            "print('bytes', cur.fetchone()[0])",
            "");

    /**
     * The server's NO_BACKSLASH_ESCAPES status flag reaches the client, so PyMySQL quotes the values
     * it substitutes as the server reads them (quotes doubled, backslashes left alone). Without it
     * PyMySQL escaped with backslashes: the value came back wrong or the statement failed. Bytes that
     * are not UTF-8 (a hex literal on the way) are read so too: was FE5C2700, a backslash lost.
     */
    @Test
    void noBackslashEscapesReachesAClientThatQuotesValuesItself() throws Exception {
        ExternalClient.Result r = python(NO_BACKSLASH_ESCAPES, Integer.toString(fe.port()), fe.user(), fe.password());
        assertEquals("flag 512\nvalue a\\b'c\nbytes FE5C5C2700\n", r.out(), r.toString());
    }

    private static final String CLIENT_CHARSET = String.join("\n",
            "import sys, pymysql",
            "c = pymysql.connect(host='127.0.0.1', port=int(sys.argv[1]), user=sys.argv[2], password=sys.argv[3],",
            "                    database='test', charset='utf8mb4')",
            "cur = c.cursor()",
            "cur.execute('SET character_set_client = latin1')",
            "cur.execute(\"SELECT HEX('\\xe9'), '\\xe9'\".encode('latin1'))",
            "print('latin1', cur.fetchone())",
            "cur.execute('SET character_set_client = utf8mb4')",
            "cur.execute(\"SELECT HEX('\\xe9')\")",
            "print('utf8mb4', cur.fetchone())",
            "");

    /**
     * {@code SET character_set_client = latin1} makes the client's text latin1, as on a node: the front
     * end reads it so (it ran the SET on its servers, which then read the front end's UTF-8 as latin1:
     * é came back as E9 instead of C3A9).
     */
    @Test
    void setCharacterSetClientChangesHowTheClientsTextIsRead() throws Exception {
        String node = fe.cluster().node(1).address();
        ExternalClient.Result direct = python(CLIENT_CHARSET, node.substring(node.indexOf(':') + 1), fe.user(),
                fe.password());
        assertEquals("latin1 ('C3A9', 'é')\nutf8mb4 ('C3A9',)\n", direct.out(), direct.toString());
        ExternalClient.Result r = python(CLIENT_CHARSET, Integer.toString(fe.port()), fe.user(), fe.password());
        assertEquals(direct.out(), r.out(), r.toString());
    }

    private static final String LOGIN = String.join("\n",
            "import sys, pymysql",
            "ssl = {'ca': sys.argv[5]} if len(sys.argv) > 5 else None",
            "try:",
            "    c = pymysql.connect(host='127.0.0.1', port=int(sys.argv[1]), user=sys.argv[2], password=sys.argv[3],",
            "                        database=sys.argv[4], ssl=ssl, auth_plugin_map={})",
            "except pymysql.err.OperationalError as e:",
            "    print('refused', e.args[0], e.args[1]); sys.exit(0)",
            "cur = c.cursor()",
            "cur.execute('SELECT CURRENT_USER()')",
            "print('user', cur.fetchone()[0], 'tls', c._sock.version() if hasattr(c._sock, 'version') else 'none')",
            "");

    private static String denied(String user) {
        return "refused 1045 Access denied for user '" + user + "'@'127.0.0.1' (using password: YES)\n";
    }

    @Test
    void passThroughLoginsAreCheckedByTheClusterOverTlsAndWithRsa() throws Exception {
        String pem = fe.tls().certificatePem().toString();
        String port = Integer.toString(fe.port());
        ExternalClient.Result tls = python(LOGIN, port, APP_USER, APP_PASSWORD, "test", pem);
        assertEquals("user " + APP_USER + "@% tls TLSv1.3\n", tls.out(), tls.toString());
        ExternalClient.Result rsa = python(LOGIN, port, APP_USER, APP_PASSWORD, "test");
        assertEquals("user " + APP_USER + "@% tls none\n", rsa.out(), rsa.toString());
        ExternalClient.Result again = python(LOGIN, port, APP_USER, APP_PASSWORD, "test");
        assertEquals("user " + APP_USER + "@% tls none\n", again.out(), "the fast path, once verified: " + again);

        // the same answer whichever part was wrong, as a server gives it
        ExternalClient.Result wrong = python(LOGIN, port, APP_USER, "not-the-password", "test", pem);
        assertEquals(denied(APP_USER), wrong.out(), wrong.toString());
        ExternalClient.Result noSuchUser = python(LOGIN, port, "nobody_here", "x", "test");
        assertEquals(denied("nobody_here"), noSuchUser.out(), noSuchUser.toString());
        ExternalClient.Result wrongFile = python(LOGIN, port, fe.user(), "wrong", "test");
        assertEquals(denied(fe.user()), wrongFile.out(), "a users-file login with a wrong password: " + wrongFile);
    }
}
