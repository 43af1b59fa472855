package io.obproxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SqlRewritesTest {
    @Test
    void connectionIdCallsBecomeTheLogicalId() {
        assertEquals("SELECT 262145", SqlRewrites.connectionId("SELECT CONNECTION_ID()", 262145));
        assertEquals("select 7 + 1, x FROM t WHERE c = 7", SqlRewrites.connectionId(
                "select connection_id ( ) + 1, x FROM t WHERE c = Connection_Id()", 7));
        String untouched = "SELECT 'CONNECTION_ID()', `CONNECTION_ID`, db.CONNECTION_ID() /* CONNECTION_ID() */";
        assertSame(untouched, SqlRewrites.connectionId(untouched, 7));
    }

    @Test
    void eightZeroTransactionVariablesBecomeTheOlderOnes() {
        assertEquals("SELECT @@session.tx_isolation, @@tx_read_only AS ro",
                SqlRewrites.oldTransactionVariables("SELECT @@session.transaction_isolation, @@transaction_read_only AS ro"));
        assertEquals("SET @@SESSION.tx_isolation = 'READ-COMMITTED'",
                SqlRewrites.oldTransactionVariables("SET @@SESSION.transaction_isolation = 'READ-COMMITTED'"));
    }

    @Test
    void otherTextKeepsItsTransactionVariableNames() {
        String sql = "SELECT transaction_isolation FROM t WHERE @@transaction_isolationx = 1";
        assertSame(sql, SqlRewrites.oldTransactionVariables(sql));
        String quoted = "SELECT '@@transaction_isolation' /* @@transaction_read_only */";
        assertSame(quoted, SqlRewrites.oldTransactionVariables(quoted), "once rewritten inside strings and comments");
    }
}
