package io.obproxy.frontend;

import io.obproxy.jdbc.ObProxyStatement;
import io.obproxy.process.ProcessEntry;
import io.obproxy.session.ConnectorJ;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every result of one execution (a multi-statement text or a procedure call has several):
 * a result set, or an OK with the update count and last insert id. Each result's end carries
 * MORE_RESULTS_EXISTS when another follows, which is known only once the current rows are read
 * (the rows stream from the backend), so the end is written after asking for the next result.
 *
 * <p>While rows stream the statement is still running on its server: the processlist shows the
 * client in Query with the statement's text, a KILL QUERY of the client ({@link #killQuery}, from the
 * killer's thread) stops it on the server, and so does the client going away mid-result, instead of
 * reading the rest of the rows for nobody.
 */
final class StatementResults {
    private static final Logger log = LoggerFactory.getLogger(StatementResults.class);

    private final PacketIO io;
    private final Replies replies;
    private final ResultWriter writer;
    private final IntSupplier status;
    private final ProcessEntry process;
    /** The rows being sent now (read by a killer's thread); null between result sets. */
    private volatile ResultSet streaming;

    /**
     * @param status  the session's status flags now (autocommit, in transaction)
     * @param process the client's processlist entry
     */
    StatementResults(PacketIO io, Replies replies, ResultWriter writer, IntSupplier status, ProcessEntry process) {
        this.io = io;
        this.replies = replies;
        this.writer = writer;
        this.status = status;
        this.process = process;
    }

    /**
     * @param sql          the statement's text, for the processlist
     * @param hasResultSet what {@code execute} returned
     * @param binary       rows in the binary protocol (a prepared statement), else text
     * @return the rows sent, in all
     */
    long send(Statement st, String sql, boolean hasResultSet, boolean binary) throws SQLException, IOException {
        process.executing(sql);
        try {
            return sendAll(st, hasResultSet, binary);
        } catch (IOException clientGone) {
            killQuery(); // nobody reads the rest
            throw clientGone;
        } finally {
            streaming = null;
            process.idle();
        }
    }

    /** KILL QUERY of the client (any thread): stops the statement whose rows stream now, if any, on its server. */
    void killQuery() {
        ResultSet rows = streaming;
        if (rows == null) {
            return;
        }
        try {
            ConnectorJ.queryKill(rows).run();
        } catch (SQLException | RuntimeException e) { // the rows may have ended and closed meanwhile
            log.debug("KILL QUERY of a streaming statement failed: {}", e.toString());
        }
    }

    private long sendAll(Statement st, boolean hasResultSet, boolean binary) throws SQLException, IOException {
        long rows = 0;
        boolean resultSet = hasResultSet;
        while (true) {
            if (resultSet) {
                // not closed here: getMoreResults closes it (closing a streaming result before breaks
                // Connector/J's multi-results); the statement's close does when it fails half-way
                ResultSet rs = st.getResultSet();
                streaming = rs;
                ConnectorJ.Column[] columns = ConnectorJ.columns(rs.getMetaData());
                writer.columns(columns, status.getAsInt());
                rows += binary ? writer.binaryRows(rs, columns) : writer.textRows(rs, columns.length);
                streaming = null;
                int warnings = StatusFlags.warnings(st); // of this result: read before the next one is
                boolean nextIsResultSet = st.getMoreResults();
                boolean more = nextIsResultSet || st.getUpdateCount() != -1;
                replies.endOfRows(StatusFlags.withMoreResults(status.getAsInt(), more), warnings);
                if (!more) {
                    return rows;
                }
                resultSet = nextIsResultSet;
            } else {
                long count = st.getLargeUpdateCount();
                long insertId = lastInsertId(st);
                int warnings = StatusFlags.warnings(st);
                boolean nextIsResultSet = st.getMoreResults();
                boolean more = nextIsResultSet || st.getUpdateCount() != -1;
                replies.ok(Math.max(count, 0), insertId, StatusFlags.withMoreResults(status.getAsInt(), more), warnings);
                if (!more) {
                    return rows;
                }
                resultSet = nextIsResultSet;
            }
            io.flush();
        }
    }

    /** @return the last insert id of the server's OK, as the client would have had it */
    private static long lastInsertId(Statement st) throws SQLException {
        return st.unwrap(ObProxyStatement.class).lastInsertId();
    }
}
