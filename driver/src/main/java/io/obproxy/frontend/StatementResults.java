package io.obproxy.frontend;

import io.obproxy.jdbc.ObProxyStatement;
import io.obproxy.process.ProcessEntry;
import io.obproxy.session.ConnectorJ;
import io.obproxy.session.ServerErrors;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every result of one execution (a multi-statement text or a procedure call has several):
 * a result set, or an OK with the update count, last insert id, the server's info string
 * ("Rows matched: 2  Changed: 2  Warnings: 0") and the session state changes the server reported
 * ({@link SessionTracking}). Each result's end carries
 * MORE_RESULTS_EXISTS when another follows, which is known only once the current rows are read
 * (the rows stream from the backend), so the end is written after asking for the next result. An
 * error after whole rows (a procedure's SIGNAL after its result sets) follows their end, as from a
 * server ({@link #failedAfterRows}).
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
    private final SessionTracking tracking;
    private final IntSupplier status;
    private final ProcessEntry process;
    /** The rows being sent now (read by a killer's thread); null between result sets. */
    private volatile ResultSet streaming;
    /**
     * The end of the current result until it is written: after its rows were read and the next result
     * asked for, or before a file request that came first ({@link #endBeforeFileRequest}); null when
     * written.
     */
    private End pendingEnd;

    /** Writes a result's end, MORE_RESULTS as {@code more} says. */
    @FunctionalInterface
    private interface End {
        void write(boolean more) throws IOException;
    }

    /**
     * @param tracking what an OK tells of the session's state changes
     * @param status   the session's status flags now (autocommit, in transaction)
     * @param process  the client's processlist entry
     */
    StatementResults(PacketIO io, Replies replies, ResultWriter writer, SessionTracking tracking, IntSupplier status,
                     ProcessEntry process) {
        this.io = io;
        this.replies = replies;
        this.writer = writer;
        this.tracking = tracking;
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
                // streaming rows read the next result's header as they end: a file request may come there
                pendingEnd = more -> replies.endOfRows(StatusFlags.withMoreResults(status.getAsInt(), more),
                        StatusFlags.warnings(st));
                try {
                    rows += binary ? writer.binaryRows(rs, columns) : writer.textRows(rs, columns.length);
                } catch (SQLException e) {
                    pendingEnd = null;
                    failedAfterRows(rs, e);
                    closeQuietly(rs); // Connector/J runs nothing else on its connection while it is open
                    throw e;
                }
                streaming = null;
                int warnings = StatusFlags.warnings(st); // of this result: read before the next one is
                if (pendingEnd != null) { // not written before a file request
                    pendingEnd = more -> replies.endOfRows(StatusFlags.withMoreResults(status.getAsInt(), more),
                            warnings);
                }
                boolean nextIsResultSet = next(st);
                boolean more = nextIsResultSet || st.getUpdateCount() != -1;
                if (!more) {
                    return rows;
                }
                resultSet = nextIsResultSet;
            } else {
                long count = st.getLargeUpdateCount();
                ObProxyStatement ob = st.unwrap(ObProxyStatement.class);
                long insertId = ob.lastInsertId();
                String info = ob.info();
                int warnings = StatusFlags.warnings(st);
                SessionStateInfo state = tracking.ofStatement(st); // before the next result's are read
                pendingEnd = more -> replies.ok(Math.max(count, 0), insertId,
                        StatusFlags.withMoreResults(status.getAsInt(), more), warnings, info, state);
                boolean nextIsResultSet = next(st);
                boolean more = nextIsResultSet || st.getUpdateCount() != -1;
                if (!more) {
                    return rows;
                }
                resultSet = nextIsResultSet;
            }
            io.flush();
        }
    }

    /**
     * Asks for the next result, then writes the current one's end ({@link #pendingEnd}), which says
     * whether another follows; unless a LOAD DATA LOCAL's request for the client's file came first (its
     * statement is the next result), which wrote the end before it ({@link #endBeforeFileRequest}).
     *
     * @return whether the next result is a result set
     */
    private boolean next(Statement st) throws SQLException, IOException {
        try {
            boolean resultSet = st.getMoreResults();
            End end = pendingEnd;
            if (end != null) {
                end.write(resultSet || st.getUpdateCount() != -1);
            }
            return resultSet;
        } finally {
            pendingEnd = null;
        }
    }

    /**
     * A LOAD DATA LOCAL's request for the client's file is about to go while the next result is asked
     * for: the current result's end goes first, announcing more (the LOAD DATA's is next).
     */
    void endBeforeFileRequest() throws IOException {
        End end = pendingEnd;
        pendingEnd = null;
        if (end != null) {
            end.write(true);
        }
    }

    /**
     * Reading {@code rs} failed. When its rows had all come (the server's error packet followed the
     * end of the rows, {@link ServerErrors.Sent#afterEnd}), what failed is a later result: the error
     * of a procedure after its result sets (SIGNAL), or of a later statement of a text. A server
     * sends these rows' end (more results follow), the update counts in between, then the error;
     * Connector/J read them ahead, so they are sent from what it read, and the caller sends the error.
     * A failure in the middle of the rows (KILL QUERY, a row the server could not make) is sent in
     * place of the next row, as a server does.
     */
    private void failedAfterRows(ResultSet rs, SQLException e) throws IOException {
        ServerErrors.Sent sent = ServerErrors.current(e);
        if (sent == null || !sent.afterEnd()) {
            return;
        }
        int flags = StatusFlags.withMoreResults(status.getAsInt(), true);
        replies.endOfRows(flags);
        for (ConnectorJ.Count c : ConnectorJ.countsReadAhead(rs)) {
            replies.ok(Math.max(c.updateCount(), 0), c.lastInsertId(), flags, 0, c.info());
        }
    }

    private static void closeQuietly(ResultSet rs) {
        try {
            rs.close(); // after a failure nothing is left to read
        } catch (SQLException | RuntimeException e) {
            log.debug("closing a failed result set failed: {}", e.toString());
        }
    }
}
