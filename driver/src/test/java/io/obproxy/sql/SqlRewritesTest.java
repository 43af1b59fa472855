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
}
