package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that logs in without a database is in none, as on a server: {@code SELECT DATABASE()} is
 * NULL and the processlist shows no db, until COM_INIT_DB or {@code USE}; the front end's URL names
 * a database (test), which leaked into every such login before. PyMySQL through the front end,
 * compared with PyMySQL logged in to a node directly.
 */
@ExtendWith(FrontendExtension.class)
class FrontendNoDatabaseIT {
    private static final String PYTHON = "/usr/bin/python3";

    private static final String SCRIPT = String.join("\n",
            "import sys, pymysql",
            "db = sys.argv[4] or None",
            "c = pymysql.connect(host='127.0.0.1', port=int(sys.argv[1]), user=sys.argv[2], password=sys.argv[3],",
            "                    database=db)",
            "cur = c.cursor()",
            "def show(label):",
            "    cur.execute('SELECT DATABASE()')",
            "    d = cur.fetchone()[0]",
            "    cur.execute('SELECT CONNECTION_ID()')",
            "    me = int(cur.fetchone()[0])",
            "    cur.execute('SHOW PROCESSLIST')",
            "    rows = [r for r in cur.fetchall() if int(r[0]) == me]",
            "    print(label, d, rows[0][3] if rows else 'not listed')",
            "show('login')",
            "c.select_db('test')",
            "show('init_db')",
            "cur.execute('USE information_schema')",
            "show('use')",
            "");

    private final FrontendEndpoint fe;

    FrontendNoDatabaseIT(FrontendEndpoint fe) {
        this.fe = fe;
    }

    private String run(int port, String database) throws Exception {
        ExternalClient.require("python3", "python3-pymysql");
        ExternalClient.Result r = ExternalClient.run(Duration.ofSeconds(60), null, PYTHON, "-c", SCRIPT,
                Integer.toString(port), fe.user(), fe.password(), database);
        assertEquals(0, r.exitCode(), r.toString());
        return r.out();
    }

    private int nodePort() {
        String node = fe.cluster().node(1).address();
        return Integer.parseInt(node.substring(node.indexOf(':') + 1));
    }

    @Test
    void aLoginWithoutADatabaseIsInNoneAsOnAServer() throws Exception {
        String direct = run(nodePort(), "");
        assertEquals("login None None\ninit_db test test\nuse information_schema information_schema\n", direct);
        assertEquals(direct, run(fe.port(), ""), "through the front end as on the node");
    }

    @Test
    void aLoginWithADatabaseIsInIt() throws Exception {
        String direct = run(nodePort(), "test");
        assertEquals("login test test\ninit_db test test\nuse information_schema information_schema\n", direct);
        assertEquals(direct, run(fe.port(), "test"), "through the front end as on the node");
    }
}
