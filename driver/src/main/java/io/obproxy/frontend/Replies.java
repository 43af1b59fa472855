package io.obproxy.frontend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.DataTruncation;
import java.sql.SQLException;

/**
 * The generic replies: OK, ERR and the end of a result (EOF, or OK with header 0xFE when the client
 * asked for DEPRECATE_EOF). Errors keep the server's code and SQLSTATE; errors without a vendor
 * code become 1105 (unknown error).
 */
final class Replies {
    private static final String TRUNCATION = "Data truncation: ";

    private final PacketIO io;
    private final PayloadWriter out = new PayloadWriter();
    private final boolean deprecateEof;

    Replies(PacketIO io, boolean deprecateEof) {
        this.io = io;
        this.deprecateEof = deprecateEof;
    }

    void ok(long affectedRows, long lastInsertId, int status) throws IOException {
        ok(affectedRows, lastInsertId, status, 0);
    }

    /** An OK packet: affected rows, last insert id, status flags and the statement's warning count. */
    void ok(long affectedRows, long lastInsertId, int status, int warnings) throws IOException {
        out.reset().int1(0x00).lenencInt(affectedRows).lenencInt(lastInsertId).int2(status).int2(warnings);
        io.write(out);
    }

    void error(int code, String sqlState, String message) throws IOException {
        out.reset().int1(0xFF).int2(code).int1('#')
                .bytes((sqlState == null || sqlState.length() != 5 ? "HY000" : sqlState).getBytes(StandardCharsets.US_ASCII))
                .bytes((message == null ? "" : message).getBytes(StandardCharsets.UTF_8));
        io.write(out);
    }

    void error(SQLException e) throws IOException {
        error(e.getErrorCode() > 0 ? e.getErrorCode() : 1105, e.getSQLState(), serverMessage(e));
    }

    /** @return the message as the server wrote it: Connector/J puts "Data truncation: " before truncation errors */
    private static String serverMessage(SQLException e) {
        String m = e.getMessage();
        return e instanceof DataTruncation && m != null && m.startsWith(TRUNCATION) ? m.substring(TRUNCATION.length()) : m;
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
