package io.obproxy.frontend;

import io.obproxy.jdbc.PreClassified;
import io.obproxy.process.ProcessEntry;
import io.obproxy.session.ConnectorJ;
import io.obproxy.session.PacketRelay;
import io.obproxy.session.RelaySink;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a server's reply to the client as the driver relays it ({@link io.obproxy.session.PacketRelay}):
 * column counts, column definitions and rows go as the server sent them, only their sequence ids
 * renumbered; each result's end is written here, in the client's protocol options (EOF or OK, with
 * or without session state), with the status flags the client's session has, as
 * {@link StatementResults} writes them.
 *
 * <p>The last result's end waits until the statement's effects are recorded ({@link #finish}): its
 * status flags (in a transaction or not) and the session state changes it reports are known only
 * then. Nothing is written before the server's first result arrives, so an attempt the driver
 * sends again (a refusal before executing is the reply's first packet) leaves nothing behind; once a
 * result arrived, the driver sends the statement nowhere else ({@link #delivered}).
 *
 * <p>While the reply is read the statement runs on its server: the processlist shows the client in
 * Query, and a KILL QUERY of the client ({@link #killQuery}) stops it there.
 */
final class ReplyRelay implements RelaySink {
    private static final Logger log = LoggerFactory.getLogger(ReplyRelay.class);

    private final PacketIO io;
    private final Replies replies;
    private final SessionTracking tracking;
    private final IntSupplier status;
    private final ProcessEntry process;
    private final boolean extendedTypeInfo;
    /** Whether part of the current reply arrived (and was written). */
    private boolean received;
    private Statement statement;
    /** Stops the statement being relayed on its server; null between statements. */
    private volatile ConnectorJ.ServerCall kill;
    /** The last result's end, written by {@link #finish}; null until the reply ended. */
    private End pendingEnd;

    /** Writes the last result's end. */
    @FunctionalInterface
    private interface End {
        void write() throws SQLException, IOException;
    }

    /** @param extendedTypeInfo the client reads MariaDB's extended type information in column definitions */
    ReplyRelay(PacketIO io, Replies replies, SessionTracking tracking, IntSupplier status, ProcessEntry process,
               boolean extendedTypeInfo) {
        this.extendedTypeInfo = extendedTypeInfo;
        this.io = io;
        this.replies = replies;
        this.tracking = tracking;
        this.status = status;
        this.process = process;
    }

    /** An execution that relays its reply to this sink (or is answered by the driver, as it returns). */
    @FunctionalInterface
    interface Relaying {
        PreClassified.Relayed run() throws SQLException;
    }

    /**
     * Runs {@code execution} of {@code sql} on the logical {@code statement}, which relays the server's
     * reply here; the last result's end is written once it returns.
     *
     * @return how it ended: when the driver answered, the statement's results are still to be sent
     * @throws IOException the client failed, also while the reply was copied to it
     */
    PreClassified.Relayed run(Statement statement, String sql, Relaying execution) throws SQLException, IOException {
        this.statement = statement;
        this.received = false;
        this.pendingEnd = null;
        process.executing(sql);
        try {
            PreClassified.Relayed relayed = execution.run();
            if (relayed == PreClassified.Relayed.RELAYED) {
                finish();
            }
            return relayed;
        } catch (SQLException e) {
            PacketRelay.ClientFailed clientGone = clientFailure(e);
            if (clientGone != null) {
                throw clientGone.clientFailure();
            }
            throw e;
        } finally {
            kill = null;
            this.statement = null;
            process.idle();
        }
    }

    /** @return the client's failure while a reply was relayed to it, somewhere in the causes of {@code e}, or null */
    private static PacketRelay.ClientFailed clientFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PacketRelay.ClientFailed failed) {
                return failed;
            }
        }
        return null;
    }

    /** Writes the last result's end, after the driver recorded the statement's effects. */
    private void finish() throws SQLException, IOException {
        End end = pendingEnd;
        pendingEnd = null;
        if (end == null) {
            throw new SQLException("the server's reply ended without an end of its results", "HY000");
        }
        end.write();
    }

    /** KILL QUERY of the client (any thread): stops the statement being relayed, if any, on its server. */
    void killQuery() {
        ConnectorJ.ServerCall k = kill;
        if (k == null) {
            return;
        }
        try {
            k.run();
        } catch (SQLException | RuntimeException e) { // the statement may have ended meanwhile
            log.debug("KILL QUERY of a relayed statement failed: {}", e.toString());
        }
    }

    @Override
    public void started(ConnectorJ.ServerCall killQuery) {
        kill = killQuery;
    }

    @Override
    public boolean extendedTypeInfo() {
        return extendedTypeInfo;
    }

    @Override
    public void resultPacket(byte[] payload, int length) throws IOException {
        received = true;
        io.write(payload, length);
    }

    @Override
    public void definitionsEnd() throws IOException {
        replies.endOfColumns(status.getAsInt());
    }

    @Override
    public void rowsEnd(int warnings, boolean more) throws IOException {
        if (more) {
            replies.endOfRows(StatusFlags.withMoreResults(status.getAsInt(), true), warnings);
        } else {
            pendingEnd = () -> replies.endOfRows(status.getAsInt(), warnings);
        }
    }

    @Override
    public void ok(long affectedRows, long lastInsertId, int warnings, String info, boolean more)
            throws IOException, SQLException {
        received = true;
        if (!more) {
            pendingEnd = () -> replies.ok(affectedRows, lastInsertId, status.getAsInt(), warnings, info,
                    tracking.ofStatement(statement));
            return;
        }
        replies.ok(affectedRows, lastInsertId, StatusFlags.withMoreResults(status.getAsInt(), true), warnings, info,
                tracking.ofStatement(statement));
    }

    @Override
    public boolean delivered() {
        return received;
    }
}
