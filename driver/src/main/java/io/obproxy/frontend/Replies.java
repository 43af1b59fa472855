package io.obproxy.frontend;

import io.obproxy.session.ServerErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * The generic replies: OK, ERR and the end of a result (EOF, or OK with header 0xFE when the client
 * asked for DEPRECATE_EOF). A server's error is passed as the server sent it; other failures
 * become what a server would send for them ({@link ClientError}). An OK carries session state
 * information ({@link SessionStateInfo}) when the client negotiated CLIENT_SESSION_TRACK and there is
 * some, with SERVER_SESSION_STATE_CHANGED among its status flags.
 */
final class Replies {

    private final PacketIO io;
    private final PayloadWriter out = new PayloadWriter();
    private final boolean deprecateEof;
    private final boolean sessionTrack;

    /** Replies to a client that did not negotiate session tracking. */
    Replies(PacketIO io, boolean deprecateEof) {
        this(io, deprecateEof, false);
    }

    /** @param sessionTrack whether the client negotiated CLIENT_SESSION_TRACK */
    Replies(PacketIO io, boolean deprecateEof, boolean sessionTrack) {
        this.io = io;
        this.deprecateEof = deprecateEof;
        this.sessionTrack = sessionTrack;
    }

    void ok(long affectedRows, long lastInsertId, int status) throws IOException {
        ok(affectedRows, lastInsertId, status, 0, null);
    }

    /**
     * An OK packet.
     *
     * @param warnings the statement's warning count
     * @param info     the server's info string ("Rows matched: 2  Changed: 2  Warnings: 0"), or null
     */
    void ok(long affectedRows, long lastInsertId, int status, int warnings, String info) throws IOException {
        ok(affectedRows, lastInsertId, status, warnings, info, null);
    }

    /**
     * An OK packet with the session's state changes.
     *
     * @param state what changed, or null (sent only to a client that negotiated session tracking)
     */
    void ok(long affectedRows, long lastInsertId, int status, int warnings, String info, SessionStateInfo state)
            throws IOException {
        boolean changed = sessionTrack && state != null && !state.isEmpty();
        out.reset().int1(0x00).lenencInt(affectedRows).lenencInt(lastInsertId)
                .int2(changed ? status | Protocol.STATUS_SESSION_STATE_CHANGED : status).int2(warnings);
        if (info != null || changed) {
            // length-encoded, as servers write it (MySQL's net_send_ok) and clients read it (libmariadb,
            // Connector/J), whatever the protocol documentation says without SESSION_TRACK
            out.lenencString(info == null ? "" : info);
        }
        if (changed) {
            state.writeTo(out);
        }
        io.write(out);
    }

    /** @return whether the client negotiated CLIENT_SESSION_TRACK (its OKs may carry session state) */
    boolean sessionTrack() {
        return sessionTrack;
    }

    void error(int code, String sqlState, String message) throws IOException {
        error(code, sqlState, (message == null ? "" : message).getBytes(StandardCharsets.UTF_8));
    }

    private void error(int code, String sqlState, byte[] message) throws IOException {
        out.reset().int1(0xFF).int2(code).int1('#')
                .bytes((sqlState == null || sqlState.length() != 5 ? "HY000" : sqlState).getBytes(StandardCharsets.US_ASCII))
                .bytes(message);
        io.write(out);
    }

    /** A failure no server error packet was captured for. */
    void error(SQLException e) throws IOException {
        error(e, null);
    }

    /** @param sent the server's error packet {@code e} reports, or null */
    void error(SQLException e, ServerErrors.Sent sent) throws IOException {
        ClientError c = ClientError.of(e, sent);
        error(c.code(), c.sqlState(), c.message());
    }

    /** The end of column definitions (nothing with DEPRECATE_EOF) . */
    void endOfColumns(int status) throws IOException {
        if (!deprecateEof) {
            eof(status);
        }
    }

    /** The end of a result's rows: EOF, or OK-as-EOF with DEPRECATE_EOF. */
    void endOfRows(int status) throws IOException {
        endOfRows(status, 0);
    }

    /** As {@link #endOfRows(int)}, with the warnings reading the rows left (MySQL counts them in the EOF). */
    void endOfRows(int status, int warnings) throws IOException {
        if (deprecateEof) {
            out.reset().int1(0xFE).lenencInt(0).lenencInt(0).int2(status).int2(warnings);
        } else {
            out.reset().int1(0xFE).int2(warnings).int2(status);
        }
        io.write(out);
    }

    /** A classic EOF packet, whatever the client asked (COM_SET_OPTION, COM_FIELD_LIST, prepare replies). */
    void eof(int status) throws IOException {
        out.reset().int1(0xFE).int2(0).int2(status);
        io.write(out);
    }

    boolean deprecateEof() {
        return deprecateEof;
    }
}
