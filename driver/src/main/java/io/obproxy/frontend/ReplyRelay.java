package io.obproxy.frontend;

import io.obproxy.jdbc.PreClassified;
import io.obproxy.process.ProcessEntry;
import io.obproxy.session.ConnectorJ;
import io.obproxy.session.PacketRelay;
import io.obproxy.session.RelaySink;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 *
 * <p>To a client that caches prepared statements' column definitions (MariaDB's
 * MARIADB_CLIENT_CACHE_METADATA), each column count goes with MariaDB's "metadata follows" byte, and
 * an execution's first result set leaves its definitions out when they are byte for byte the ones
 * the client holds for the statement ({@link ColumnCache}): the count is held back while the
 * definitions match, and written with the flag once they all did or one did not. The EOF after the
 * definitions stays, as MariaDB sends it.
 */
final class ReplyRelay implements RelaySink {
    private static final Logger log = LoggerFactory.getLogger(ReplyRelay.class);

    private final PacketIO io;
    private final Replies replies;
    private final SessionTracking tracking;
    private final IntSupplier status;
    private final ProcessEntry process;
    private final boolean extendedTypeInfo;
    /** The client caches column definitions: a flag follows each column count. */
    private final boolean cacheMetadata;
    private final PayloadWriter countOut = new PayloadWriter();
    /** Whether part of the current reply arrived (and was written). */
    private boolean received;
    /** The definitions the client holds for the statement executed; null for a text. */
    private ColumnCache columns;
    /** Whether the current result set is the reply's first, the one that may go without definitions. */
    private boolean firstResult;
    /** The cached definitions the current ones match so far (the count held back); null when not matching. */
    private List<byte[]> matching;
    private byte[] heldCount;
    /** How many of {@link #matching} the current definitions matched so far. */
    private int definitionIndex;
    /** The current result set's definitions as sent, to cache; null when not recorded. */
    private List<byte[]> sentDefinitions;
    private Statement statement;
    /** Stops the statement being relayed on its server; null between statements. */
    private volatile ConnectorJ.ServerCall kill;
    /** The last result's end, written by {@link #finish}: NONE until the reply ended. */
    private End pendingEnd = End.NONE;
    /** What the pending end says besides the session's status flags (kept in fields: no object per statement). */
    private int endWarnings;
    private long endAffectedRows;
    private long endLastInsertId;
    private String endInfo;

    /** Which end {@link #finish} writes. */
    private enum End {
        NONE, END_OF_ROWS, OK
    }

    /**
     * @param extendedTypeInfo the client reads MariaDB's extended type information in column definitions
     * @param cacheMetadata    the client caches prepared statements' column definitions
     */
    ReplyRelay(PacketIO io, Replies replies, SessionTracking tracking, IntSupplier status, ProcessEntry process,
               boolean extendedTypeInfo, boolean cacheMetadata) {
        this.extendedTypeInfo = extendedTypeInfo;
        this.cacheMetadata = cacheMetadata;
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
     * @param columns the column definitions the client holds for the prepared statement executed;
     *                null for a text
     * @return how it ended: when the driver answered, the statement's results are still to be sent
     * (and {@code columns} are forgotten: the client gets definitions the relay did not see)
     * @throws IOException the client failed, also while the reply was copied to it
     */
    PreClassified.Relayed run(Statement statement, String sql, ColumnCache columns, Relaying execution)
            throws SQLException, IOException {
        this.statement = statement;
        this.columns = columns;
        this.received = false;
        this.firstResult = true;
        this.pendingEnd = End.NONE;
        process.executing(sql);
        boolean relayedWhole = false;
        try {
            PreClassified.Relayed relayed = execution.run();
            if (relayed == PreClassified.Relayed.RELAYED) {
                finish();
                relayedWhole = true;
            }
            return relayed;
        } catch (SQLException e) {
            PacketRelay.ClientFailed clientGone = clientFailure(e);
            if (clientGone != null) {
                throw clientGone.clientFailure();
            }
            throw e;
        } finally {
            if (columns != null && !relayedWhole) {
                columns.forget();
            }
            kill = null;
            this.statement = null;
            this.columns = null;
            endInfo = null;
            matching = null;
            sentDefinitions = null;
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
        pendingEnd = End.NONE;
        switch (end) {
            case NONE -> throw new SQLException("the server's reply ended without an end of its results", "HY000");
            case END_OF_ROWS -> replies.endOfRows(status.getAsInt(), endWarnings);
            case OK -> replies.ok(endAffectedRows, endLastInsertId, status.getAsInt(), endWarnings, endInfo,
                    tracking.ofStatement(statement));
        }
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
    public void columnCount(byte[] payload, int length) throws IOException {
        received = true;
        if (!cacheMetadata) {
            io.write(payload, length);
            return;
        }
        definitionIndex = 0;
        List<byte[]> held = columns != null && firstResult ? columns.definitions() : null;
        if (held != null && held.size() == new PayloadReader(payload).lenencInt()) {
            matching = held;
            heldCount = Arrays.copyOf(payload, length);
        } else {
            sentDefinitions = columns != null ? new ArrayList<>() : null;
            writeCount(payload, length, true);
        }
    }

    /** A column count with MariaDB's "metadata follows" flag. */
    private void writeCount(byte[] payload, int length, boolean definitionsFollow) throws IOException {
        io.write(countOut.reset().bytes(payload, 0, length).int1(definitionsFollow ? 1 : 0));
    }

    @Override
    public void definition(byte[] payload, int length) throws IOException {
        if (matching != null) {
            byte[] held = matching.get(definitionIndex);
            if (Arrays.equals(held, 0, held.length, payload, 0, length)) {
                definitionIndex++;
                return;
            }
            writeCount(heldCount, heldCount.length, true); // one differs: the client gets them all
            sentDefinitions = new ArrayList<>();
            for (int i = 0; i < definitionIndex; i++) {
                io.write(matching.get(i), matching.get(i).length);
                sentDefinitions.add(matching.get(i));
            }
            matching = null;
        }
        io.write(payload, length);
        if (sentDefinitions != null) {
            sentDefinitions.add(Arrays.copyOf(payload, length));
        }
    }

    @Override
    public void definitionsEnd() throws IOException {
        if (matching != null) {
            writeCount(heldCount, heldCount.length, false); // the client's are these
            matching = null;
        } else if (sentDefinitions != null) {
            columns.received(sentDefinitions);
        }
        sentDefinitions = null;
        replies.endOfColumns(status.getAsInt());
    }

    @Override
    public void row(byte[] payload, int length) throws IOException {
        io.write(payload, length);
    }

    @Override
    public void rowsEnd(int warnings, boolean more) throws IOException {
        firstResult = false;
        if (more) {
            replies.endOfRows(StatusFlags.withMoreResults(status.getAsInt(), true), warnings);
        } else {
            pendingEnd = End.END_OF_ROWS;
            endWarnings = warnings;
        }
    }

    @Override
    public void ok(long affectedRows, long lastInsertId, int warnings, String info, boolean more)
            throws IOException, SQLException {
        received = true;
        firstResult = false;
        if (!more) {
            pendingEnd = End.OK;
            endAffectedRows = affectedRows;
            endLastInsertId = lastInsertId;
            endWarnings = warnings;
            endInfo = info;
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
