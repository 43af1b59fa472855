package io.obproxy.it;

import static io.obproxy.it.DriverRoutingIT.route;
import static io.obproxy.it.DriverRoutingIT.serverId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.obproxy.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stored program's definition is one statement, as a server reads it: through the front end a
 * client with multi-statements off (Connector/J's default) creates procedures and triggers with
 * several statements in their bodies, as it would on a node (it got 1064 "multi-statements are
 * off"); through the driver the bodies' {@code SET v = ...} and {@code SET NEW.x = ...} are not
 * taken for session variables (they were, and every statement on another server then failed with
 * 1193 Unknown system variable), and the session goes on on every server. A Flyway migration with
 * a trigger is the everyday case.
 */
@ExtendWith(FrontendExtension.class)
class CompoundStatementsIT {
    private final FrontendEndpoint fe;

    CompoundStatementsIT(FrontendEndpoint fe) {
        this.fe = fe;
    }

    @Test
    void throughTheDriverAProgramsBodyIsNotTheSessions() throws SQLException {
        try (Connection c = DriverManager.getConnection(fe.cluster().jdbcUrl())) {
            createAndUse(c, "drv");
        }
    }

    @Test
    void throughTheFrontEndWithMultiStatementsOff() throws SQLException {
        try (Connection c = fe.connect("useServerPrepStmts=false")) {
            createAndUse(c, "fe");
        }
    }

    /** Creates a procedure and a trigger whose bodies SET local variables and NEW columns, then uses both from every node. */
    private void createAndUse(Connection c, String prefix) throws SQLException {
        String table = Sql.createTable(fe.cluster(), prefix + "_trg", "a INT PRIMARY KEY, b INT, c VARCHAR(8)");
        String procedure = Sql.uniqueName(prefix + "_proc");
        Sql.exec(c, "CREATE PROCEDURE " + procedure + "(IN x INT) BEGIN DECLARE v INT; SET v = x * 2;"
                + " IF v > 10 THEN SET v = v + 1; END IF; SELECT v; END");
        Sql.exec(c, "CREATE TRIGGER " + table + "_bi BEFORE INSERT ON " + table + " FOR EACH ROW BEGIN"
                + " SET NEW.b = NEW.a * 10; SET NEW.c = CASE WHEN NEW.a > 1 THEN 'big' ELSE 'small' END; END");
        fe.cluster().awaitReplication(Duration.ofSeconds(5));
        List<List<String>> expected = new ArrayList<>();
        for (SandboxNode node : fe.cluster().nodes()) {
            route(c, node);
            assertEquals(node.id(), serverId(c), "the session goes on on " + node);
            assertEquals("13", Sql.scalar(c, "CALL " + procedure + "(6)"), "the procedure on " + node);
            int a = expected.size() + 1;
            Sql.exec(c, "INSERT INTO " + table + " (a) VALUES (" + a + ")");
            expected.add(List.of(Integer.toString(a), Integer.toString(a * 10), a > 1 ? "big" : "small"));
        }
        fe.cluster().awaitReplication(Duration.ofSeconds(5));
        assertEquals(expected, Sql.rows(c, "SELECT a, b, c FROM " + table + " ORDER BY a"), "the trigger ran once per row");
        Sql.exec(c, "SET @obproxy_route_addr = ''");
    }
}
