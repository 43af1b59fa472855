package io.obproxy.frontend;

import io.obproxy.jdbc.ObProxyConnection;
import io.obproxy.session.SessionChange;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What a client that negotiated CLIENT_SESSION_TRACK is told its command changed in its session,
 * as a server it talked to directly would tell it.
 *
 * <p>Design notes.
 * <ul>
 *   <li>A statement that ran on a server: what that server's OK packets reported while it ran
 *   ({@link ObProxyConnection#takeServerSessionChanges}), forwarded as the server wrote it, so
 *   values are the server's own (an isolation level as {@code READ-COMMITTED}, an expression's
 *   result). The servers track what the client asked for: its {@code SET session_track_...} is a
 *   session variable the driver records and replays on every server like any other. What a replay
 *   changed on a server is the driver's doing and is not reported (the driver forgets it before it
 *   sends the statement): the client hears of a change once, from the statement that made it.</li>
 *   <li>What the front end answers itself, the same as a server would report it, when the session
 *   tracks it: {@code SET NAMES} / {@code SET CHARACTER SET} (the three character_set_ variables,
 *   in MariaDB's order) and {@code SET character_set_client} (that one), which it keeps for the
 *   client instead of the servers; COM_INIT_DB (the schema). Whether the session tracks them is read
 *   from what the client set ({@code session_track_system_variables}, {@code session_track_schema}),
 *   else the servers' defaults: the character set variables are in MariaDB's and MySQL's default
 *   list, the schema is tracked.</li>
 * </ul>
 */
final class SessionTracking {
    private final Replies replies;
    private final SessionStateInfo info = new SessionStateInfo();

    SessionTracking(Replies replies) {
        this.replies = replies;
    }

    /**
     * @return what the server reported of the statement's current result, for its OK; null when the
     * client does not track session state
     */
    SessionStateInfo ofStatement(Statement st) throws SQLException {
        if (!replies.sessionTrack()) {
            return null;
        }
        List<SessionChange> changes = st.getConnection().unwrap(ObProxyConnection.class)
                .takeServerSessionChanges();
        return info.reset().add(changes);
    }

    /**
     * @param clientOnly true for {@code SET character_set_client}, false for {@code SET NAMES} and
     *                   {@code SET CHARACTER SET}
     * @return the character set variables the statement changed, those the session tracks; null when
     * the client does not track session state
     */
    SessionStateInfo charset(Connection connection, ClientCharset charset, boolean clientOnly) throws SQLException {
        if (!replies.sessionTrack()) {
            return null;
        }
        String tracked = sessionVariable(connection, "session_track_system_variables");
        String name = charset.mysqlName();
        info.reset();
        if (!clientOnly && tracks(tracked, "character_set_connection")) {
            info.systemVariable("character_set_connection", name);
        }
        if (tracks(tracked, "character_set_client")) {
            info.systemVariable("character_set_client", name);
        }
        if (!clientOnly && tracks(tracked, "character_set_results")) {
            info.systemVariable("character_set_results", name);
        }
        return info;
    }

    /** @return the new schema, when the session tracks it; null when the client does not track session state */
    SessionStateInfo schema(Connection connection, String database) throws SQLException {
        if (!replies.sessionTrack()) {
            return null;
        }
        info.reset();
        if (!Boolean.FALSE.equals(switchValue(sessionVariable(connection, "session_track_schema")))) {
            info.schema(database);
        }
        return info;
    }

    private static String sessionVariable(Connection connection, String name) throws SQLException {
        return connection.unwrap(ObProxyConnection.class).sessionVariable(name);
    }

    /**
     * @param literal what {@code session_track_system_variables} was set to, in SQL syntax (as written,
     *                or as the driver read it back), or null when never set
     * @return true when that list tracks {@code variable}: it names it, or {@code *}; the servers'
     * default list when never set, or set to DEFAULT
     */
    static boolean tracks(String literal, String variable) {
        String list = literal == null ? null : text(literal);
        if (list == null || list.equalsIgnoreCase("default")) {
            return variable.startsWith("character_set_"); // in MariaDB's and MySQL's defaults
        }
        for (String name : list.split(",")) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.equals("*") || n.equals(variable)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the text of a literal in SQL syntax: a quoted string ({@code ''} and backslash escapes
     * undone), a hexadecimal one ({@code X'...'}, UTF-8), either after a character set introducer
     * ({@code _utf8mb4}), or a bare word as it is
     */
    static String text(String literal) {
        String s = literal.trim();
        if (s.startsWith("_")) {
            int end = 1;
            while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                end++;
            }
            s = s.substring(end).trim();
        }
        if (s.length() >= 3 && (s.charAt(0) == 'X' || s.charAt(0) == 'x') && s.charAt(1) == '\'' && s.endsWith("'")) {
            return new String(HexFormat.of().parseHex(s.substring(2, s.length() - 1)), StandardCharsets.UTF_8);
        }
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            char quote = s.charAt(0);
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < s.length() - 1; i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length() - 1 || c == quote && s.charAt(i + 1) == quote) {
                    c = s.charAt(++i);
                }
                sb.append(c);
            }
            return sb.toString();
        }
        return s;
    }

    /** @return the switch a literal sets (1/0, ON/OFF, TRUE/FALSE, quoted or not), or null (DEFAULT, unset) */
    static Boolean switchValue(String literal) {
        if (literal == null) {
            return null;
        }
        return switch (text(literal).trim().toUpperCase(Locale.ROOT)) {
            case "1", "ON", "TRUE" -> Boolean.TRUE;
            case "0", "OFF", "FALSE" -> Boolean.FALSE;
            default -> null;
        };
    }
}
