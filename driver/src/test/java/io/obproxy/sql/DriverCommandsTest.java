package io.obproxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The statements the driver answers itself, and the texts the front end looks at, as the classifier sees them. */
class DriverCommandsTest {
    private static SqlInfo parse(String sql) {
        return StatementParser.parse(sql);
    }

    @Test
    void processlistInEveryWayMysqlTakesIt() {
        SqlInfo plain = parse("show processlist");
        assertEquals(StatementKind.SHOW_PROCESSLIST, plain.kind());
        assertFalse(plain.has(SqlInfo.FLAG_FULL));
        assertTrue(plain.answeredByDriver());
        SqlInfo full = parse("  SHOW  FULL\nPROCESSLIST ; ");
        assertEquals(StatementKind.SHOW_PROCESSLIST, full.kind());
        assertTrue(full.has(SqlInfo.FLAG_FULL));
        assertTrue(full.answeredByDriver());
        assertTrue(parse("/* app */ SHOW PROCESSLIST").answeredByDriver(), "comments are no statement");
        assertEquals(StatementKind.SHOW, parse("SHOW PROCESSLIST LIKE 'x'").kind());
        assertFalse(parse("SHOW PROCESSLIST; SELECT 1").answeredByDriver(), "a multi-statement goes to a server");
    }

    @Test
    void killNamesItsConnection() {
        SqlInfo kill = parse("KILL 42");
        assertEquals(StatementKind.KILL, kill.kind());
        assertEquals("42", kill.objectName());
        assertFalse(kill.has(SqlInfo.FLAG_KILL_QUERY));
        assertEquals("42", parse("kill connection 42").objectName());
        SqlInfo query = parse("KILL QUERY 7;");
        assertEquals(StatementKind.KILL, query.kind());
        assertEquals("7", query.objectName());
        assertTrue(query.has(SqlInfo.FLAG_KILL_QUERY));
        assertTrue(query.answeredByDriver());
        assertEquals(StatementKind.OTHER, parse("KILL USER bob").kind());
        assertEquals(StatementKind.OTHER, parse("KILL 4.5").kind());
        assertFalse(parse("KILL QUERY @id").has(SqlInfo.FLAG_KILL_QUERY));
        assertTrue(parse("KILL CONNECTION_ID()").has(SqlInfo.FLAG_CONNECTION_ID), "rewritten to the id first");
    }

    @Test
    void odpCommands() {
        assertEquals(StatementKind.SHOW_PROXYSESSION, parse("SHOW PROXYSESSION").kind());
        assertEquals(StatementKind.SHOW_PROXYROUTE, parse("show proxyroute").kind());
        assertTrue(parse("SHOW PROXYROUTE").answeredByDriver());
        assertEquals(StatementKind.SHOW_PROXYSTAT, parse("show /* ops */ ProxyStat").kind());
        assertTrue(parse("SHOW PROXYSTAT").answeredByDriver());
        assertFalse(parse("SHOW PROXYSTAT LIKE 'x'").answeredByDriver(), "not ODP's form: the server's");
        SqlInfo explain = parse("EXPLAIN ROUTE SELECT * FROM t WHERE id = 5");
        assertEquals(StatementKind.EXPLAIN_ROUTE, explain.kind());
        assertEquals("SELECT * FROM t WHERE id = 5", explain.objectName());
        assertTrue(explain.answeredByDriver());
        assertEquals(StatementKind.EXPLAIN, parse("EXPLAIN route").kind(), "DESCRIBE of a table named route");
        assertEquals(StatementKind.EXPLAIN, parse("EXPLAIN SELECT 1").kind());
        assertFalse(parse("SELECT 1").answeredByDriver());
    }

    @Test
    void setNamesNamesCharacterSetAndCollation() {
        SqlInfo names = parse("SET NAMES 'GBK' COLLATE gbk_bin");
        assertTrue(names.has(SqlInfo.FLAG_SET_NAMES));
        assertEquals("gbk", names.assignments().get(0).name());
        assertEquals("gbk_bin", names.objectName());
        SqlInfo charset = parse(" set character set \"latin1\" ;");
        assertTrue(charset.has(SqlInfo.FLAG_SET_NAMES));
        assertEquals("latin1", charset.assignments().get(0).name());
        assertNull(charset.objectName());
        assertTrue(parse("SET CHARSET DEFAULT").has(SqlInfo.FLAG_SET_NAMES));
        assertFalse(parse("SET NAMES utf8mb4, autocommit = 1").has(SqlInfo.FLAG_SET_NAMES), "more than NAMES");
        assertFalse(parse("SET NAMES utf8mb4; SELECT 1").has(SqlInfo.FLAG_SET_NAMES), "more than one statement");
        assertFalse(parse("SET autocommit = 1").has(SqlInfo.FLAG_SET_NAMES));
    }

    @Test
    void multiStatementsAreCounted() {
        assertTrue(parse("SELECT 1; SELECT 2").isMulti());
        assertFalse(parse("SELECT 1;").isMulti());
        assertFalse(parse("SELECT ';'").isMulti());
    }

    @Test
    void transactionVariablesOfMysql80AreFlagged() {
        assertTrue(parse("SELECT @@session.transaction_isolation").has(SqlInfo.FLAG_TRANSACTION_VARIABLE));
        assertTrue(parse("SET @@transaction_read_only = 1").has(SqlInfo.FLAG_TRANSACTION_VARIABLE));
        assertFalse(parse("SELECT @@tx_isolation, '@@transaction_isolation'").has(SqlInfo.FLAG_TRANSACTION_VARIABLE));
        assertTrue(parse("SET session_track_system_variables = CONCAT(@@global.session_track_system_variables,"
                + " ',transaction_isolation')").has(SqlInfo.FLAG_TRANSACTION_VARIABLE), "tracked by that name");
        assertFalse(parse("SET @a = ',transaction_isolation', session_track_system_variables = 'autocommit'")
                .has(SqlInfo.FLAG_TRANSACTION_VARIABLE), "a string before the list is no list");
    }
}
