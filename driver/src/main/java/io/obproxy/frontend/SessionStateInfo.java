package io.obproxy.frontend;

import io.obproxy.session.SessionChange;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The session state information one OK packet carries for a client that negotiated
 * CLIENT_SESSION_TRACK, encoded as MariaDB and MySQL send it: entries, each a type byte and the
 * entry's data as a length-encoded string. A system variable's data is its name and value, each
 * length-encoded (one entry per variable, as MariaDB writes them); a schema's, the name; GTIDs',
 * an encoding byte (0) and the set; the other types' data, as the server sent it. Text is UTF-8.
 *
 * <p>One instance per client, {@link #reset} before each OK.
 */
final class SessionStateInfo {
    private final PayloadWriter entries = new PayloadWriter();
    private final PayloadWriter data = new PayloadWriter();

    /** @return this, with no entry */
    SessionStateInfo reset() {
        entries.reset();
        return this;
    }

    /** Adds what a server reported, as it reported it. */
    SessionStateInfo add(List<SessionChange> changes) {
        for (SessionChange c : changes) {
            add(c);
        }
        return this;
    }

    private void add(SessionChange c) {
        List<String> v = c.values();
        switch (c.type()) {
            case SessionChange.SYSTEM_VARIABLE -> systemVariable(v.get(0), v.size() > 1 ? v.get(1) : "");
            case SessionChange.GTIDS -> entry(SessionChange.GTIDS, data.reset().int1(0).lenencString(v.get(0)));
            case SessionChange.STATE_CHANGE -> entry(c.type(), data.reset().bytes(utf8(v.get(0))));
            default -> entry(c.type(), data.reset().lenencString(v.isEmpty() ? "" : v.get(0)));
        }
    }

    /** Adds a system variable's new value (null is sent as the empty string, as servers do). */
    SessionStateInfo systemVariable(String name, String value) {
        entry(SessionChange.SYSTEM_VARIABLE, data.reset().lenencString(name).lenencString(value == null ? "" : value));
        return this;
    }

    /** Adds the new current schema. */
    SessionStateInfo schema(String name) {
        entry(SessionChange.SCHEMA, data.reset().lenencString(name == null ? "" : name));
        return this;
    }

    private void entry(int type, PayloadWriter entryData) {
        entries.int1(type).lenencInt(entryData.length()).bytes(entryData.array(), 0, entryData.length());
    }

    boolean isEmpty() {
        return entries.length() == 0;
    }

    /** Appends the information to an OK packet being written: its entries as one length-encoded string. */
    void writeTo(PayloadWriter ok) {
        ok.lenencInt(entries.length()).bytes(entries.array(), 0, entries.length());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
