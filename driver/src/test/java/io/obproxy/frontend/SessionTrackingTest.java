package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.session.SessionChange;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which variables a client's session tracks, read from what it set, and how session state is encoded. */
class SessionTrackingTest {

    @Test
    void theTrackedListIsWhatTheClientSetElseTheServersDefault() {
        assertTrue(SessionTracking.tracks(null, "character_set_client"), "never set: the servers' default list");
        assertFalse(SessionTracking.tracks(null, "auto_increment_increment"));
        assertTrue(SessionTracking.tracks("DEFAULT", "character_set_results"));
        // as MariaDB Connector/J sets it (CONCAT(@@global..., ',tx_isolation,auto_increment_increment')),
        // read back by the driver as a hexadecimal literal
        String readBack = "_utf8mb4 X'" + HexFormat.of().formatHex(("autocommit,character_set_client,"
                + "character_set_connection,character_set_results,redirect_url,time_zone,tx_isolation,"
                + "auto_increment_increment").getBytes(StandardCharsets.UTF_8)) + "'";
        assertTrue(SessionTracking.tracks(readBack, "auto_increment_increment"));
        assertTrue(SessionTracking.tracks(readBack, "character_set_client"));
        assertFalse(SessionTracking.tracks("'autocommit, time_zone'", "character_set_client"));
        assertTrue(SessionTracking.tracks("'autocommit, Time_Zone'", "time_zone"));
        assertTrue(SessionTracking.tracks("'*'", "character_set_client"));
        assertFalse(SessionTracking.tracks("''", "character_set_client"), "empty: nothing tracked");
    }

    @Test
    void literalsAreReadAsTheServerWould() {
        assertEquals("it's", SessionTracking.text("'it''s'"));
        assertEquals("it's", SessionTracking.text("'it\\'s'"));
        assertEquals("a,b", SessionTracking.text("\"a,b\""));
        assertEquals("a,b", SessionTracking.text("_latin1'a,b'"));
        assertEquals("ON", SessionTracking.text("ON"));
        assertEquals(Boolean.FALSE, SessionTracking.switchValue("'OFF'"));
        assertEquals(Boolean.TRUE, SessionTracking.switchValue("1"));
        assertNull(SessionTracking.switchValue("DEFAULT"));
    }

    /** MariaDB 10.11's own bytes for the same changes (a GTID entry as MySQL writes it). */
    @Test
    void entriesAreEncodedAsServersWriteThem() {
        SessionStateInfo info = new SessionStateInfo();
        assertTrue(info.isEmpty());
        assertEquals("1100" + "0f" + "0a" + hex("autocommit") + "03" + hex("OFF"),
                encoded(info.add(List.of(new SessionChange(SessionChange.SYSTEM_VARIABLE, List.of("autocommit", "OFF"))))));
        assertEquals("07" + "01" + "05" + "04" + hex("test"), encoded(info.reset().schema("test")));
        assertEquals("03" + "02" + "01" + "31", encoded(info.reset().add(List.of(
                new SessionChange(SessionChange.STATE_CHANGE, List.of("1"))))), "a state change: its data as sent");
        assertEquals("06" + "03" + "04" + "00" + "02" + hex("g1"), encoded(info.reset().add(List.of(
                new SessionChange(SessionChange.GTIDS, List.of("g1"))))));
        assertEquals("08" + "05" + "06" + "05" + hex("I___S"), encoded(info.reset().add(List.of(
                new SessionChange(5, List.of("I___S"))))), "transaction state: one length-encoded string");
    }

    private static String encoded(SessionStateInfo info) {
        PayloadWriter w = new PayloadWriter();
        info.writeTo(w);
        return HexFormat.of().formatHex(w.array(), 0, w.length());
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
