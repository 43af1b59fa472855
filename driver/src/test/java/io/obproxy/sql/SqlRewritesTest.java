package io.obproxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SqlRewritesTest {
    @Test
    void connectionIdCallsBecomeTheLogicalId() {
        assertEquals("SELECT 262145 AS `CONNECTION_ID()`", SqlRewrites.connectionId("SELECT CONNECTION_ID()", 262145));
        assertEquals("select 7 + 1 AS `connection_id ( ) + 1`, x FROM t WHERE c = 7", SqlRewrites.connectionId(
                "select connection_id ( ) + 1, x FROM t WHERE c = Connection_Id()", 7));
        String untouched = "SELECT 'CONNECTION_ID()', `CONNECTION_ID`, db.CONNECTION_ID() /* CONNECTION_ID() */";
        assertSame(untouched, SqlRewrites.connectionId(untouched, 7));
    }

    @Test
    void eightZeroTransactionVariablesBecomeTheOlderOnes() {
        assertEquals("SELECT @@session.tx_isolation AS `@@session.transaction_isolation`, @@tx_read_only AS ro",
                SqlRewrites.oldTransactionVariables("SELECT @@session.transaction_isolation, @@transaction_read_only AS ro"));
        assertEquals("SET @@SESSION.tx_isolation = 'READ-COMMITTED'",
                SqlRewrites.oldTransactionVariables("SET @@SESSION.transaction_isolation = 'READ-COMMITTED'"));
    }

    /**
     * A server names a select item without an alias by its text, so a rewritten item keeps the name
     * it had; items with an alias, and rewrites outside the select list, stay as they are.
     */
    @Test
    void rewrittenSelectItemsKeepTheirNames() {
        assertEquals("SELECT DISTINCT 42 > 0 AS `CONNECTION_ID() > 0`, 42 AS id, 42 x, IF(42, 1, 0) AS"
                + " `IF(CONNECTION_ID(), 1, 0)`, `a`.b FROM t WHERE c = 42; SELECT 42 AS `CONNECTION_ID()`",
                SqlRewrites.connectionId("SELECT DISTINCT CONNECTION_ID() > 0, CONNECTION_ID() AS id, CONNECTION_ID() x,"
                        + " IF(CONNECTION_ID(), 1, 0), `a`.b FROM t WHERE c = CONNECTION_ID(); SELECT CONNECTION_ID()", 42));
        assertEquals("SELECT (SELECT 42) AS `(SELECT CONNECTION_ID())`",
                SqlRewrites.connectionId("SELECT (SELECT CONNECTION_ID())", 42));
        assertEquals("KILL 42", SqlRewrites.connectionId("KILL CONNECTION_ID()", 42), "not a SELECT: nothing to name");
        assertEquals("SELECT @@tx_isolation AS `@@transaction_isolation` INTO @iso",
                SqlRewrites.oldTransactionVariables("SELECT @@transaction_isolation INTO @iso"));
    }

    /** MariaDB Connector/J asks a MySQL 8.0 to track the isolation level by its new name; MariaDB 10.11 refuses it. */
    @Test
    void aTrackedVariablesListNamesTheOlderOnes() {
        assertEquals("SET autocommit=1, session_track_system_variables = CONCAT(@@global.session_track_system_variables,"
                        + "',tx_isolation,auto_increment_increment')",
                SqlRewrites.oldTransactionVariables("SET autocommit=1, session_track_system_variables = CONCAT("
                        + "@@global.session_track_system_variables,',transaction_isolation,auto_increment_increment')"));
        assertEquals("SET @@session.session_track_system_variables = 'tx_READ_ONLY, tx_isolation'",
                SqlRewrites.oldTransactionVariables(
                        "SET @@session.session_track_system_variables = 'TRANSACTION_READ_ONLY, transaction_isolation'"));
        String other = "SET session_track_system_variables = 'my_transaction_isolation', @a = 'x'";
        assertSame(other, SqlRewrites.oldTransactionVariables(other));
        String elsewhere = "INSERT INTO t VALUES ('transaction_isolation')";
        assertSame(elsewhere, SqlRewrites.oldTransactionVariables(elsewhere), "strings of other statements");
    }

    @Test
    void otherTextKeepsItsTransactionVariableNames() {
        String sql = "SELECT transaction_isolation FROM t WHERE @@transaction_isolationx = 1";
        assertSame(sql, SqlRewrites.oldTransactionVariables(sql));
        String quoted = "SELECT '@@transaction_isolation' /* @@transaction_read_only */";
        assertSame(quoted, SqlRewrites.oldTransactionVariables(quoted), "once rewritten inside strings and comments");
    }
}
