package io.obproxy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionStateTest {
    @Test
    void everyChangeBumpsTheVersion() {
        SessionState state = new SessionState();
        assertEquals(0, state.version());
        state.setAutoCommit(false);
        state.setCatalog("db1");
        state.setSystemVariable("time_zone", "'+08:00'");
        state.setSystemVariable("time_zone", "'+09:00'");
        state.setUserVariable("x", "1");
        assertEquals(5, state.version());
        assertFalse(state.autoCommit());
        assertEquals("db1", state.catalog());
    }

    @Test
    void onlySqlStateCountsForPoolResets() {
        SessionState state = new SessionState();
        state.setAutoCommit(false);
        state.setIsolation(2);
        state.setReadOnly(true);
        state.setCatalog("db");
        assertFalse(state.hasSqlState(), "JDBC settings are the pool's to reset");
        state.setCharset("SET NAMES utf8mb4");
        assertTrue(state.hasSqlState());
        long before = state.version();
        state.clearSqlState();
        assertFalse(state.hasSqlState());
        assertTrue(state.version() > before, "clearing is a change too");
        assertEquals("db", state.catalog());
    }

    @Test
    void userVariableNamesAreQuoted() {
        assertEquals("@`a``b`", SessionState.quoteUserVariable("a`b"));
    }
}
